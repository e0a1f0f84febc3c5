/**
 * `pnpm migrate` runs pnpm -> sh -> node; `kill -9` of pnpm used to leave the migration running unseen. The CLI
 * now stops once its launcher (the nearest ancestor that is not a shell) is gone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('./support/launched-child.ts', import.meta.url));

function output(child: ChildProcess): { text: () => string } {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { text: () => text };
}

describe.runIf(process.platform === 'linux')('the migrate CLI and its launcher', () => {
  it('stops within a second or two once the launcher above its shell is killed with SIGKILL', async () => {
    // The launcher: a node process that runs the child through `sh -c`, as pnpm does.
    const script = `require('node:child_process').spawn('sh', ['-c', ${JSON.stringify(
      `"${process.execPath}" --import tsx --conditions=source "${CHILD}"; echo shell-done`,
    )}], { stdio: 'inherit' }); setInterval(() => {}, 1000);`;
    const launcher = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const out = output(launcher);
    const deadline = Date.now() + 15_000;
    while (!/launcher \d+/.test(out.text()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(out.text()).toContain(`launcher ${launcher.pid}`);
    launcher.kill('SIGKILL');
    // The child's stdout is the launcher's pipe, which stays open in the orphaned shell and child.
    const stopBy = Date.now() + 5_000;
    while (!out.text().includes('stopped') && Date.now() < stopBy) await new Promise((r) => setTimeout(r, 50));
    expect(out.text()).toContain('stopped');
  });
});
