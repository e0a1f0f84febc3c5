/** Turns the log writer's reports into log lines (row ids, counts and codes only). */
import type { GatewayDbLogger } from '@gateway-db/core/logger.js';
import type { LogWriterReport } from './log-writer-options.js';

export function logWriterReporter(logger: GatewayDbLogger): (report: LogWriterReport) => void {
  return (report) => {
    switch (report.kind) {
      case 'repaired':
        logger.warn(
          `api_requests row ${report.rowId}: lone UTF-16 surrogates in ${report.columns.join(', ')} stored as U+FFFD`,
        );
        break;
      case 'rejected':
        logger.error(`api_requests row ${report.rowId} was not written (${report.code}): ${report.message}`);
        break;
      case 'buffer-full':
        logger.warn(
          `api_requests log buffer is full (${report.bufferedRows} rows, ${report.bufferedBytes} bytes): new rows are dropped`,
        );
        break;
      case 'dropped':
        logger.warn(`${report.count} api_requests rows were dropped while the log buffer was full`);
        break;
      case 'retrying':
        logger.warn(
          `api_requests rows cannot be written (${report.code}); ${report.bufferedRows} kept, retry in ${report.retryInMs} ms`,
        );
        break;
      case 'lost':
        logger.error(`${report.count} api_requests rows were lost at close (${report.code})`);
        break;
    }
  };
}
