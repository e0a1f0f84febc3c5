/** The migrator's MigrationError across two copies of the package (ESM and CommonJS builds in one process). */
import { describe, expect, it, vi } from 'vitest';

describe('MigrationError across two copies of the module', () => {
  it('is a MigrationError and a GatewayDbError to either copy; a plain GatewayDbError is not a MigrationError', async () => {
    const first = await import('../src/errors.js');
    const firstCore = await import('@gateway-db/core');
    vi.resetModules();
    const second = await import('../src/errors.js');
    const secondCore = await import('@gateway-db/core');
    expect(second.MigrationError).not.toBe(first.MigrationError);
    expect(secondCore.GatewayDbError).not.toBe(firstCore.GatewayDbError);

    const failed = new first.MigrationError({ code: 'VERIFY_FAILED', message: 'counts differ' });
    expect(failed).toBeInstanceOf(second.MigrationError);
    expect(failed).toBeInstanceOf(secondCore.GatewayDbError);
    expect(second.isMigrationError(failed, 'VERIFY_FAILED')).toBe(true);

    const plain = new firstCore.GatewayDbError({ code: 'CONNECTION', message: 'gone' });
    expect(plain).not.toBeInstanceOf(second.MigrationError);
    expect(plain).not.toBeInstanceOf(first.MigrationError);
    expect(second.isMigrationError(plain)).toBe(false);
  });
});
