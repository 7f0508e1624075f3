/** Structured JSON logs (pino, the logger fastify is built around), one object a line on stdout. */
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'llm-analytics-hub' }, timestamp: pino.stdTimeFunctions.isoTime });
}
