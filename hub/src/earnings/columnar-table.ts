import type { DayActivity } from './columnar-attribution.js';
import type { EnergyDays } from './columnar-energy.js';

/**
 * Per-day activity and energy of many devices in a few fleet-wide buffers; row r's `activity(r)` and
 * `energy(r)` are views into them. Ten thousand devices with nine small typed arrays each cost the
 * garbage collector more than the reduction itself; views share the buffers' memory.
 */
export class DayTable {
  private readonly up: Float64Array;
  private readonly busy: Float64Array;
  private readonly bytes: Float64Array;
  private readonly present: Uint8Array;
  private readonly measured: Float64Array;
  private readonly interpolated: Float64Array;
  private readonly known: Float64Array;
  private readonly byPrice: Float64Array;
  private readonly uncovered: Uint8Array;
  private readonly priceWidth: number;

  constructor(
    readonly rows: number,
    readonly days: number,
    prices: number,
  ) {
    const n = rows * days;
    this.priceWidth = days * Math.max(prices, 1);
    this.up = new Float64Array(n);
    this.busy = new Float64Array(n);
    this.bytes = new Float64Array(n);
    this.present = new Uint8Array(n);
    this.measured = new Float64Array(n);
    this.interpolated = new Float64Array(n);
    this.known = new Float64Array(n);
    this.byPrice = new Float64Array(rows * this.priceWidth);
    this.uncovered = new Uint8Array(n);
  }

  activity(row: number): DayActivity {
    const [a, b] = this.span(row);
    return {
      uptimeS: this.up.subarray(a, b),
      gpuBusyS: this.busy.subarray(a, b),
      bytes: this.bytes.subarray(a, b),
      present: this.present.subarray(a, b),
    };
  }

  energy(row: number): EnergyDays {
    const [a, b] = this.span(row);
    return {
      measured: this.measured.subarray(a, b),
      interpolated: this.interpolated.subarray(a, b),
      known: this.known.subarray(a, b),
      byPrice: this.byPrice.subarray(row * this.priceWidth, (row + 1) * this.priceWidth),
      uncovered: this.uncovered.subarray(a, b),
    };
  }

  private span(row: number): [number, number] {
    if (row < 0 || row >= this.rows) throw new RangeError(`row ${row} outside the table`);
    return [row * this.days, (row + 1) * this.days];
  }
}
