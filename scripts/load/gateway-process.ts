/**
 * The example gateway as a child process (so its memory can be measured): `node --import tsx` on
 * examples/gateway/src/main.ts, one process (no tsx CLI wrapper in between). Its output is kept and echoed with a
 * prefix; the URL is taken from its `listening on` line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../examples/gateway/src/main.ts', import.meta.url));

export interface GatewayProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the gateway URL once it listens; rejects when the process exits first. */
  readonly ready: Promise<string>;
  /** Everything it printed so far. */
  output(): string;
  /** Peak resident set (VmHWM) in MiB, while it runs; undefined once it has exited. */
  peakRssMiB(): number | undefined;
  /** Resolves with the exit code (or signal name) when it ends. */
  readonly exited: Promise<number | string>;
  /** SIGTERM (graceful: flushes logs), then waits; SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<number | string>;
}

export interface StartGatewayOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly label?: string;
  readonly args?: readonly string[];
  /** Entry file; default examples/gateway/src/main.ts. */
  readonly main?: string;
  /** Echo its output (default true). */
  readonly echo?: boolean;
}

export function startGatewayProcess(options: StartGatewayOptions): GatewayProcess {
  const loader = import.meta.resolve('tsx');
  const child = spawn(
    process.execPath,
    ['--import', loader, '--conditions=source', options.main ?? MAIN, ...(options.args ?? [])],
    {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, PORT: '0', FAKE_UPSTREAM_PORT: '0', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (child.pid === undefined) throw new Error('could not start the gateway process');
  const pid = child.pid;
  const label = options.label ?? 'gateway';
  let text = '';
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const piece = chunk.toString('utf8');
      text += piece;
      if (options.echo ?? true)
        for (const line of piece.split('\n').filter(Boolean)) console.log(`  [${label}] ${line}`);
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`${label} exited (${code}) before listening:\n${text.slice(-2000)}`)));
  });
  ready.catch(() => undefined);

  return {
    child,
    pid,
    ready,
    exited,
    output: () => text,
    peakRssMiB() {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return match?.[1] ? Number(match[1]) / 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    async stop(timeoutMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
