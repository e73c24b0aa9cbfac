import { type Logger, pino } from 'pino';

/** Agent logs go to stderr so that stdout carries only what a command prints (e.g. `once --json`). */
export function createLogger(level: string): Logger {
  return pino({ name: 'nodetally-agent', level }, pino.destination(2));
}

export type { Logger };
