import type { Logger } from './logger.js';

/**
 * A promise nobody awaited that fails is logged, never the end of the process: the request it
 * belonged to has already been answered (a 500 through the error handler), and every other
 * user's requests go on.
 */
export function guardProcess(log: Pick<Logger, 'error'>): void {
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled rejection');
  });
}
