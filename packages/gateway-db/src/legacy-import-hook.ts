/**
 * The start-up import of the legacy `gateway.db` (sql.js) file, run by createGatewayDb after the migrations. The
 * import itself lives in the migrator (`runStartupImport`: same code path and log lines as `pnpm migrate`);
 * `createGatewayDb({ legacyImporter })` replaces it, `legacyImporter: false` turns it off.
 */
import type { LegacyImportContext, LegacyImporter } from '@gateway-db/core';
import { runStartupImport } from '@gateway-db/migrator';

export type { LegacyImportContext, LegacyImporter };

export async function runStartupLegacyImport(
  context: LegacyImportContext,
  importer: LegacyImporter | false | undefined,
): Promise<void> {
  if (importer === false) return;
  await (importer ?? runStartupImport)(context);
}
