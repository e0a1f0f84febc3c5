/**
 * The server comes back (restart or failover) with a lower max_allowed_packet than gateway-db read at start. A row
 * larger than the new limit used to wedge the log writer: the server closed the connection on ER_NET_PACKET_TOO_LARGE,
 * the pool handed the dead connection out again, the retry failed as CONNECTION, and the same batch was retried
 * until shutdown lost it. Now the executor reads the limit again, the row is refused as DATA_DOES_NOT_FIT and
 * isolated, and every other row is written.
 */
import { loadConfig } from '@gateway-db/core/config.js';
import type { StoreExecutor } from '@gateway-db/core/dialect/store-executor.js';
import { isGatewayDbError } from '@gateway-db/core/errors.js';
import { openStore } from '@gateway-db/core/open-store.js';
import { usePrivateMariadb } from '@gateway-db/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { apiRequestRow } from '../helpers/rows.js';
import { eventually, GATEWAY_DATABASE, openPrivateGateway, storedRows, timed } from './support/private-gateway.js';

const MIB = 1024 * 1024;

describe('a max_allowed_packet lowered by a restart of the server', () => {
  const server = usePrivateMariadb({ serverArgs: ['--max-allowed-packet=16M'] });
  const closeLater: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const open of closeLater.splice(0)) await open.close().catch(() => undefined);
    await server().restart(['--max-allowed-packet=16M']);
  });

  it('isolates the one row larger than the new limit and writes all the others', async () => {
    const { db, reports } = await openPrivateGateway(server(), { logWriter: { flushIntervalMs: 50 } });
    closeLater.push(db);
    for (let i = 0; i < 50; i++) db.apiRequests.create(apiRequestRow());
    expect(await eventually(() => db.logWriterStats().written === 50, 5_000)).toBe(true);
    await server().restart(['--max-allowed-packet=1M']);

    const giant = apiRequestRow({ response_body: 'x'.repeat(2 * MIB) });
    for (let i = 0; i < 200; i++) db.apiRequests.create(i === 100 ? giant : apiRequestRow());
    const { ms } = await timed(db.close());

    const rejected = reports.filter((report) => report.kind === 'rejected');
    expect(rejected).toEqual([
      expect.objectContaining({
        rowId: giant.id,
        code: 'DATA_DOES_NOT_FIT',
        message: expect.stringMatching(/1048576/),
      }),
    ]);
    expect(reports.filter((report) => report.kind === 'lost' || report.kind === 'dropped')).toEqual([]);
    expect(db.logWriterStats()).toMatchObject({ written: 249, rejected: 1, lost: 0, dropped: 0, buffered: 0 });
    expect(await storedRows(server())).toBe(249);
    expect(ms).toBeLessThan(10_000);
  });

  it('refuses the statement as DATA_DOES_NOT_FIT, follows the new limit and never reuses the closed connection', async () => {
    const config = loadConfig({ dialect: 'mysql', mysql: { url: server().url(GATEWAY_DATABASE) } }, {}, false);
    const executor: StoreExecutor = await openStore(config);
    closeLater.push(executor);
    await executor.run('CREATE TABLE IF NOT EXISTS `blobs` (`id` INT PRIMARY KEY, `body` LONGBLOB)');
    await executor.run('DELETE FROM `blobs`');
    expect(executor.maxStatementBytes).toBe(16 * MIB);
    await Promise.all(Array.from({ length: 10 }, () => executor.get('SELECT SLEEP(0.05) AS slept')));
    await server().restart(['--max-allowed-packet=1M']);

    const sent = await executor.run('INSERT INTO `blobs` VALUES (?, ?)', [1, Buffer.alloc(2 * MIB)]).catch((e) => e);
    expect(isGatewayDbError(sent, 'DATA_DOES_NOT_FIT')).toBe(true);
    expect(String(sent.message)).toMatch(/max_allowed_packet \(1048576 bytes\)/);
    expect(executor.maxStatementBytes).toBe(MIB);

    const parallel = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => executor.get('SELECT ? AS n', [i])));
    expect(parallel.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    await executor.run('INSERT INTO `blobs` VALUES (?, ?)', [2, Buffer.alloc(512 * 1024)]);

    // Known now: refused before sending, at once.
    const { value: again, ms } = await timed(
      executor.run('INSERT INTO `blobs` VALUES (?, ?)', [3, Buffer.alloc(2 * MIB)]).catch((e) => e),
    );
    expect(isGatewayDbError(again, 'DATA_DOES_NOT_FIT')).toBe(true);
    expect(ms).toBeLessThan(50);
    expect(await executor.get('SELECT COUNT(*) AS n FROM `blobs`')).toEqual({ n: 1 });
  });
});
