/**
 * `tsx scripts/check-secrets-in-output.ts <file|dir>...`: fails (exit 1) when a known secret value (see
 * secret-scan/known-secrets.ts) appears in the given files, naming the kind of secret, a short hash of it and the
 * file:line:column: never the value. CI runs it on the captured output of `pnpm test` and on ./data reports.
 * A directory is searched for reports and logs (.json, .jsonl, .log, .txt, .md) only: the SQLite stores and
 * backups beside them hold the secrets by design. Exit 2 for a missing file or no argument.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findSecrets } from './secret-scan/find-secrets.js';
import { knownSecrets } from './secret-scan/known-secrets.js';

const REPORT_EXTENSIONS = new Set(['.json', '.jsonl', '.log', '.txt', '.md']);
/** Enough to show a pattern without flooding the CI log. */
const MAX_SHOWN = 50;

function filesIn(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    const child = join(path, entry.name);
    if (entry.isDirectory()) return filesIn(child);
    return entry.isFile() && REPORT_EXTENSIONS.has(extname(entry.name)) ? [child] : [];
  });
}

export function checkSecretsInOutput(paths: readonly string[], print: (line: string) => void = console.log): number {
  if (paths.length === 0) {
    print('usage: tsx scripts/check-secrets-in-output.ts <log-file|dir>...');
    return 2;
  }
  let files: string[];
  try {
    files = paths.flatMap(filesIn);
  } catch (error) {
    print(
      `check-secrets-in-output: cannot read ${(error as { path?: string }).path ?? 'a path'}: ${(error as { code?: string }).code ?? 'error'}`,
    );
    return 2;
  }
  const secrets = knownSecrets();
  let leaks = 0;
  for (const file of files) {
    for (const hit of findSecrets(readFileSync(file), secrets)) {
      if (leaks++ < MAX_SHOWN)
        print(`LEAK ${file}:${hit.line}:${hit.column}: ${hit.kind} (sha256 ${hit.fingerprint}...)`);
    }
  }
  if (leaks > 0) {
    print(
      `check-secrets-in-output: FAILED: ${leaks} known secret value(s) in ${files.length} file(s)${leaks > MAX_SHOWN ? ` (first ${MAX_SHOWN} shown)` : ''}`,
    );
    return 1;
  }
  print(`check-secrets-in-output: OK: none of ${secrets.length} known secret values in ${files.length} file(s)`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = checkSecretsInOutput(process.argv.slice(2));
}
