import type { Logger } from 'pino';

/** Logs a given key at most once per window, so a device spamming bad payloads cannot flood the log. */
export class ThrottledLog {
  private readonly lastLogged = new Map<string, number>();

  constructor(
    private readonly log: Logger,
    private readonly windowMs = 60_000,
    private readonly maxKeys = 10_000,
  ) {}

  warn(key: string, fields: object, message: string, now = Date.now()): void {
    const last = this.lastLogged.get(key);
    if (last !== undefined && now - last < this.windowMs) return;
    if (this.lastLogged.size >= this.maxKeys) this.lastLogged.clear();
    this.lastLogged.set(key, now);
    this.log.warn(fields, message);
  }
}
