/**
 * Two copies of the error classes in one process (the ESM and the CommonJS build of the package, loaded side by
 * side) must agree on what a GatewayDbError is: the log writer keeps rows on a retryable error only if it
 * recognises the error as one.
 */
import { describe, expect, it, vi } from 'vitest';

async function freshCopies() {
  const first = await import('../src/errors.js');
  vi.resetModules();
  const second = await import('../src/errors.js');
  return { first, second };
}

describe('GatewayDbError across two copies of the module', () => {
  it('is an instance of either copy, and retryable by either copy', async () => {
    const { first, second } = await freshCopies();
    expect(second.GatewayDbError).not.toBe(first.GatewayDbError);
    const error = new first.GatewayDbError({ code: 'CONNECTION', message: 'the server went away' });
    expect(error).toBeInstanceOf(second.GatewayDbError);
    expect(second.isGatewayDbError(error, 'CONNECTION')).toBe(true);
    expect(second.isRetryable(error)).toBe(true);
  });

  it('does not take other errors, or look-alikes without the mark, for one', async () => {
    const { second } = await freshCopies();
    expect(new Error('plain')).not.toBeInstanceOf(second.GatewayDbError);
    const lookalike = Object.assign(new Error('x'), { name: 'GatewayDbError', code: 'CONNECTION' });
    expect(second.isRetryable(lookalike)).toBe(false);
    expect(null).not.toBeInstanceOf(second.GatewayDbError);
  });
});
