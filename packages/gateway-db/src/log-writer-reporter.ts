/** Turns the log writer's reports into log events (row ids, column names, counts and codes only). */
import type { GatewayDbLogger } from '@gateway-db/core/logger.js';
import type { LogWriterReport } from './log-writer-options.js';

/** The writer only ever writes this table's rows (expert routing logs are written at once, not buffered). */
const TABLE = 'api_requests';

export function logWriterReporter(logger: GatewayDbLogger): (report: LogWriterReport) => void {
  return (report) => {
    switch (report.kind) {
      case 'repaired':
        logger.warn(
          `${TABLE} row ${report.rowId}: lone UTF-16 surrogates in ${report.columns.join(', ')} stored as U+FFFD`,
          { code: 'log_writer.repaired', table: TABLE, rowId: report.rowId, columns: report.columns },
        );
        break;
      case 'rejected':
        // report.message is a GatewayDbError message: mapped errors name columns and constraints, never values.
        logger.error(`${TABLE} row ${report.rowId} was not written (${report.code}): ${report.message}`, {
          code: 'log_writer.rejected',
          table: TABLE,
          rowId: report.rowId,
          errorCode: report.code,
        });
        break;
      case 'buffer-full':
        logger.warn(
          `${TABLE} log buffer is full (${report.bufferedRows} rows, ${report.bufferedBytes} bytes): new rows are dropped`,
          { code: 'log_writer.buffer_full', table: TABLE, count: report.bufferedRows, bytes: report.bufferedBytes },
        );
        break;
      case 'dropped':
        logger.warn(`${report.count} ${TABLE} rows were dropped while the log buffer was full`, {
          code: 'log_writer.dropped',
          table: TABLE,
          count: report.count,
        });
        break;
      case 'retrying':
        logger.warn(
          `${TABLE} rows cannot be written (${report.code}); ${report.bufferedRows} kept, retry in ${report.retryInMs} ms`,
          {
            code: 'log_writer.retrying',
            table: TABLE,
            errorCode: report.code,
            count: report.bufferedRows,
            durationMs: report.retryInMs,
          },
        );
        break;
      case 'lost':
        logger.error(`${report.count} ${TABLE} rows were lost at close (${report.code})`, {
          code: 'log_writer.lost',
          table: TABLE,
          errorCode: report.code,
          count: report.count,
        });
        break;
    }
  };
}
