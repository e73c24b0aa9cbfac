/**
 * What earnings need of one device's telemetry, per UTC hour, as typed arrays: the compact input of
 * the fleet recompute (no JSON, no per-hour objects). Index i is the hour starting at
 * `startHourMs + i · 1 h`. Written by the rollup job next to the hour rows; read by the earnings service.
 *
 * Energy follows `earnings/energy.ts` `energySlots` on the device's raw counter readings (intervals
 * that cross an hour bound are split exactly as that function splits them), summed per hour:
 * integer milli-watt-hours, and the milliseconds of the hour whose energy is known.
 * Activity follows `earnings-service/telemetry.ts` (online time, GPU-busy time, bytes), per hour.
 */
export interface DeviceHours {
  /** UTC ms of hour index 0 (a multiple of 1 h). */
  startHourMs: number;
  /** Online ms in the hour. */
  upMs: Float64Array;
  /** GPU-busy ms in the hour (online × mean GPU utilization). */
  busyMs: Float64Array;
  /** rx + tx bytes of every interface but `lo`, on the hour of the later sample. */
  bytes: Float64Array;
  /** Integer mWh read from the energy counter in the hour. */
  measuredMwh: Float64Array;
  /** Integer mWh estimated for short gaps from neighbouring power. */
  interpolatedMwh: Float64Array;
  /** Ms of the hour whose energy is known (measured or interpolated); the rest is unknown. */
  knownMs: Float64Array;
  /** 1 when the hour had samples or online time (its local day then has telemetry), else 0. */
  present: Uint8Array;
}

/** An all-zero (no telemetry) DeviceHours of `hours` hours from `startHourMs`. */
export function emptyDeviceHours(startHourMs: number, hours: number): DeviceHours {
  return {
    startHourMs,
    upMs: new Float64Array(hours),
    busyMs: new Float64Array(hours),
    bytes: new Float64Array(hours),
    measuredMwh: new Float64Array(hours),
    interpolatedMwh: new Float64Array(hours),
    knownMs: new Float64Array(hours),
    present: new Uint8Array(hours),
  };
}

export interface EarningsHoursStore {
  /**
   * Each device's hours in [fromMs, toMs) (both multiples of 1 h), every device of `deviceIds`
   * present in the map (all-zero when nothing was rolled). Hours not rolled yet are zero and
   * `present` 0: the caller adds raw samples after `lastRolledHourMs`.
   * `reuse`: DeviceHours of an earlier call that the caller no longer reads; they are zeroed and
   * decoded into (in order, those of the same hour count) instead of allocating new arrays.
   */
  listEarningsHours(
    deviceIds: readonly string[],
    fromMs: number,
    toMs: number,
    reuse?: readonly DeviceHours[],
  ): Promise<Map<string, { hours: DeviceHours; lastRolledHourMs: number | null }>>;
}
