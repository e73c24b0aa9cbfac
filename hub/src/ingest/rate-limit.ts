/**
 * Token bucket per device: `ratePerS` messages a second on average, bursts up to `burst` (an agent
 * replaying its outbox after an outage sends a window of samples at once).
 */
export class DeviceRateLimit {
  private readonly buckets = new Map<string, { tokens: number; updated: number }>();

  constructor(
    private readonly ratePerS: number,
    private readonly burst: number,
    private readonly maxDevices = 200_000,
  ) {}

  take(deviceId: string, now: number): boolean {
    let bucket = this.buckets.get(deviceId);
    if (!bucket) {
      if (this.buckets.size >= this.maxDevices) this.buckets.clear();
      bucket = { tokens: this.burst, updated: now };
      this.buckets.set(deviceId, bucket);
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updated) / 1000) * this.ratePerS);
    bucket.updated = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
