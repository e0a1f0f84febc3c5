/**
 * The values a hostile fixture plants, exported so tests (here and in the migrator) can look for them
 * byte for byte. Ids are fixed, valid 21-character nanoids.
 */
export const HOSTILE = {
  /** `admin` exists too (the first ordinary user, or planted when there is none). */
  usernameVariants: ['Admin', 'admin ', 'ADMIN', ' admin'],
  unicodeUsername: '管理员🦊',
  sqlUsername: `o'brien"); DROP TABLE users; --`,
  /** Two custom keys and two vk_ keys that differ only by letter case. */
  keyValueVariants: ['Team-Alpha_Key_01', 'team-alpha_key_01', 'vk_AbCdEfGhIjKlMnOpQrStU', 'vk_abcdefghijklmnopqrstu'],
  /** A provider id typed by an admin: spaces, CJK, a 4-byte emoji, quotes. */
  providerId: `My OpenAI 账户 🚀 "prod"`,
  /** Differs from the ordinary `openai` only by case. */
  providerIdCaseVariant: 'OpenAI',
  providerName: `O'Reilly "AI" \`proxy\``,
  invalidJson: '{"gpt-4": "gpt-4o",',
  sqlText: `'; DROP TABLE models; -- \`x\` "y"`,
  sqlModel: `gpt-4o'); DELETE FROM api_requests; --`,
  emojiText: '你好，世界 🌏🚀👍🏽 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 한국어 ありがとう',
  /** Raw NUL characters (not the JSON escape): a body can contain them. */
  nulRequestBody: `{"model":"gpt-4o","messages":[{"role":"user","content":"before\u0000after 🚀"}]}`,
  nulResponseBody: `{"choices":[{"message":{"content":"\u0000\u0000 leading NULs, 中文"}}]}\u0000`,
  realResponseTime: 12.5,
  realClassificationTime: 3.25,
  /**
   * Written as the REAL 7.0, but SQLite's INTEGER affinity stores a REAL that is exactly an integer as INTEGER:
   * it reads back as the integer 7. A legacy file cannot hold an integral REAL in these columns.
   */
  integralRealPromptTokens: 7.0,
  /** Sizes of the big texts. */
  originalRequestBytes: 2 * 1024 * 1024,
  errorMessageBytes: 70 * 1024,
  ids: {
    nulApiRequest: 'H0stile_apiReq_nul001',
    danglingApiRequest: 'H0stile_apiReq_dang01',
    bigErrorApiRequest: 'H0stile_apiReq_big001',
    unicodeApiRequest: 'H0stile_apiReq_uni001',
    bigExpertLog: 'H0stile_expLog_big001',
    nullFlagsModel: 'H0stile_model_nulls01',
    nullFlagsKey: 'H0stile_vkey_nulls001',
    longRegexRule: 'H0stile_rule_regex001',
    /** Parents inserted and then deleted, so their children dangle. */
    deletedProvider: 'deleted provider 🗑',
    deletedModel: 'H0stile_model_deleted',
    deletedKey: 'H0stile_vkey_deleted1',
    deletedGateway: 'H0stile_gw_deleted001',
    deletedExpertConfig: 'H0stile_expCfg_del001',
  },
} as const;
