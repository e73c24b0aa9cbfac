export const REJECT_REASONS = [
  'too_large',
  'invalid_json',
  'schema',
  'device_mismatch',
  'ts_future',
  'ts_past',
  'topic',
  'rate_limited',
  'seq_reused',
  'store_error',
  'auth_failed',
  'publish_denied',
  'subscribe_denied',
  'packet_too_large',
  'packet_malformed',
] as const;
export type IngestRejectReason = (typeof REJECT_REASONS)[number];

/** Ingest counters, exposed by the API; every refused message lands in exactly one reason. */
export class IngestCounters {
  received = 0;
  stored = 0;
  duplicates = 0;
  acksSent = 0;
  readonly rejected: Record<IngestRejectReason, number> = Object.fromEntries(
    REJECT_REASONS.map((reason) => [reason, 0]),
  ) as Record<IngestRejectReason, number>;

  get rejectedTotal(): number {
    return Object.values(this.rejected).reduce((a, b) => a + b, 0);
  }

  toJSON() {
    return {
      received_total: this.received,
      stored_total: this.stored,
      duplicates_total: this.duplicates,
      acks_sent_total: this.acksSent,
      rejected_total: this.rejectedTotal,
      rejected_by_reason: { ...this.rejected },
    };
  }
}
