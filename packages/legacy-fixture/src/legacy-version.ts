/** The legacy sql.js builds, oldest first. S6 is the last one. */
export const LEGACY_VERSIONS = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'] as const;
export type LegacyVersion = (typeof LEGACY_VERSIONS)[number];

export function versionIndex(version: LegacyVersion): number {
  return LEGACY_VERSIONS.indexOf(version);
}

export function isAtLeast(version: LegacyVersion, since: LegacyVersion): boolean {
  return versionIndex(version) >= versionIndex(since);
}
