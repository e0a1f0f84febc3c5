/**
 * N concurrent clients, each sending `POST /v1/chat/completions` back to back over a keep-alive connection, until
 * the time is up, the request budget is spent, or `stop()` says so. Loopback only: the URL must be 127.0.0.1.
 */
import { Agent, request } from 'node:http';

export interface Sample {
  /** ms since the load started (performance.now based). */
  readonly startMs: number;
  readonly latencyMs: number;
  /** HTTP status; 0 when no answer came (connection refused or reset). */
  readonly status: number;
  /** `x-request-id`: set when the gateway logged the request. */
  readonly requestId: string | undefined;
  /** Short error text of a non-200 answer (first one of each kind is kept by the caller). */
  readonly error?: string;
}

export interface LoadOptions {
  readonly url: string;
  readonly key: string;
  readonly clients: number;
  readonly seconds: number;
  readonly maxRequests: number;
  /** Checked before each request; true ends the client. */
  readonly stop?: () => boolean;
  /** Called with every sample as it completes (fault scripts watch them live). */
  readonly onSample?: (sample: Sample) => void;
}

export interface LoadResult {
  readonly samples: Sample[];
  /** Wall-clock ms when the load started and ended. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly seconds: number;
}

function assertLoopback(url: URL): void {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    throw new Error(`load targets loopback only, not ${url.hostname}`);
}

const BODY = JSON.stringify({
  model: 'demo-chat',
  max_tokens: 16,
  messages: [
    { role: 'system', content: 'You are a terse assistant used by a load test.' },
    { role: 'user', content: 'Summarise the purpose of a retention job for request logs in one sentence.' },
  ],
});

function send(
  agent: Agent,
  url: URL,
  key: string,
): Promise<{ status: number; requestId: string | undefined; error?: string }> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(BODY),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const header = res.headers['x-request-id'];
          const status = res.statusCode ?? 0;
          const error = status === 200 ? undefined : Buffer.concat(chunks).toString('utf8').slice(0, 200);
          resolve({
            status,
            requestId: typeof header === 'string' ? header : undefined,
            ...(error === undefined ? {} : { error }),
          });
        });
        res.on('error', (e) => resolve({ status: 0, requestId: undefined, error: e.message }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) =>
      resolve({ status: 0, requestId: undefined, error: e.code ?? e.message }),
    );
    req.end(BODY);
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL('/v1/chat/completions', options.url);
  assertLoopback(target);
  const agent = new Agent({ keepAlive: true, maxSockets: options.clients });
  const samples: Sample[] = [];
  const origin = performance.now();
  const deadline = origin + options.seconds * 1000;
  const startedAt = Date.now();
  let budget = options.maxRequests;

  async function client(): Promise<void> {
    while (performance.now() < deadline && budget > 0 && !options.stop?.()) {
      budget--;
      const start = performance.now();
      const answer = await send(agent, target, options.key);
      const sample: Sample = { startMs: start - origin, latencyMs: performance.now() - start, ...answer };
      samples.push(sample);
      options.onSample?.(sample);
      // A refused connection answers at once: pause a little so a dead gateway is not spun on.
      if (answer.status === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  await Promise.all(Array.from({ length: options.clients }, () => client()));
  agent.destroy();
  return { samples, startedAt, endedAt: Date.now(), seconds: (performance.now() - origin) / 1000 };
}
