import type {
  EarningsService,
  FleetDeviceEarnings,
  FleetEarningsSnapshot,
} from '../../earnings-service/service.js';

/** The part of the earnings service the fleet API reads: its cached snapshot. */
export type FleetEarningsSource = Pick<EarningsService, 'snapshot'>;

/** The snapshot indexed by device, rebuilt only when the service hands out a new snapshot object. */
export class EarningsIndex {
  private seen: FleetEarningsSnapshot | null = null;
  private byDevice = new Map<string, FleetDeviceEarnings>();

  constructor(private readonly source: FleetEarningsSource | undefined) {}

  current(): { snapshot: FleetEarningsSnapshot | null; byDevice: ReadonlyMap<string, FleetDeviceEarnings> } {
    const snapshot = this.source?.snapshot() ?? null;
    if (snapshot !== this.seen) {
      this.seen = snapshot;
      this.byDevice = new Map((snapshot?.devices ?? []).map((d) => [d.device_id, d]));
    }
    return { snapshot, byDevice: this.byDevice };
  }
}
