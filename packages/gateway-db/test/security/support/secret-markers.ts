/**
 * The secret values the security tests plant, in one place: the tests use them, and the CI leak check
 * (scripts/check-secrets-in-output.ts) fails when any of them shows up in the output of the whole test suite.
 */

/** secrets-never-leak.test.ts: a value of every secret kind, and the password of its own MariaDB login. */
export const LEAK_TEST_SECRETS = {
  providerApiKey: '5f1c0a9e:PROVIDER-APIKEY-MARKER-3e9d7b1a',
  virtualKey: 'vk_VIRTUALKEY_MARKER_q8Zr2LwX',
  otherVirtualKey: 'vk_VIRTUALKEY_MARKER_second_7Hn',
  passwordHash: 'a3f09c1d2e4b5a6978c0d1e2f3a4b5c6:PASSWORDHASH-MARKER-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  portkeyApiKey: 'pgw_PORTKEYKEY_MARKER_9c8b7a6f5e4d3c2b',
  mysqlPassword: 'MYSQL-PASSWORD-MARKER-d41d8cd9',
  wrongPassword: 'WRONG-MYSQL-PASSWORD-MARKER-0cc175b9',
  /** Not a secret, but a value mysql2 would quote in a duplicate-entry message: it must not be echoed either. */
  username: 'USERNAME-MARKER-admin',
};

/** bad-config.test.ts: the MYSQL_PASSWORD of its MariaDB login and a wrong one. */
export const BAD_CONFIG_SECRETS = {
  mysqlPassword: 'MYSQL-PASSWORD-MARKER-bc41f0',
  wrongPassword: 'WRONG-PASSWORD-MARKER-77ad2e',
};

/** log-events.test.ts: row content a log event must never carry (an api key in a body, a virtual key, ...). */
export const LOG_EVENT_SECRETS = {
  bodyApiKey: 'sk-live-LOGEVENT-BODY-MARKER-7f3a',
  responseBody: 'LOGEVENT-RESPONSE-MARKER-91c2',
  virtualKey: 'vk_LOGEVENT_KEY_MARKER_x4Qp',
  model: 'LOGEVENT-MODEL-MARKER',
};

/** Every marker, named `<group>.<name>` (the leak check prints the name, never the value). */
export const SECRET_MARKERS: ReadonlyMap<string, string> = new Map([
  ...Object.entries(LEAK_TEST_SECRETS).map(([name, value]) => [`secrets-never-leak.${name}`, value] as const),
  ...Object.entries(BAD_CONFIG_SECRETS).map(([name, value]) => [`bad-config.${name}`, value] as const),
  ...Object.entries(LOG_EVENT_SECRETS).map(([name, value]) => [`log-events.${name}`, value] as const),
]);
