/** After a verified import of a legacy file: a copy to `{dir}/gateway.db.backup.{timestamp}` (the source stays). */
import { constants, copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function backupLegacyFile(path: string, dir: string, now = Date.now()): string {
  mkdirSync(dir, { recursive: true });
  const target = resolve(join(dir, `gateway.db.backup.${now}`));
  // COPYFILE_EXCL: never overwrite an earlier backup.
  copyFileSync(path, target, constants.COPYFILE_EXCL);
  return target;
}
