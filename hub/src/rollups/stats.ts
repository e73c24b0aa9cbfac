import type { GpuRollup } from '../store/rollup-types.js';

/** Weighted mean of the values that were measured (null ones are skipped, not counted as 0). */
export class Mean {
  private sum = 0;
  private weight = 0;

  add(value: number | null | undefined, weight = 1): void {
    if (value === null || value === undefined || weight <= 0) return;
    this.sum += value * weight;
    this.weight += weight;
  }

  /** null when nothing was measured; rounded to `decimals` (3 by default: rollups are for charts). */
  value(decimals = 3): number | null {
    if (this.weight === 0) return null;
    const scale = 10 ** decimals;
    return Math.round((this.sum / this.weight) * scale) / scale;
  }
}

export class Max {
  private max: number | null = null;

  add(value: number | null | undefined): void {
    if (value === null || value === undefined) return;
    if (this.max === null || value > this.max) this.max = value;
  }

  value(): number | null {
    return this.max;
  }
}

/** Per-GPU means and maxima by GPU index; `rollups()` gives them sorted by index as GpuRollup rows. */
export class GpuStats {
  private readonly byIndex = new Map<number, { util: Mean; temp: Max; power: Mean; mem: Mean }>();

  add(
    index: number,
    reading: { util: number | null; temp: number | null; power: number | null; mem: number | null },
    weight = 1,
  ): void {
    let acc = this.byIndex.get(index);
    if (!acc) {
      acc = { util: new Mean(), temp: new Max(), power: new Mean(), mem: new Mean() };
      this.byIndex.set(index, acc);
    }
    acc.util.add(reading.util, weight);
    acc.temp.add(reading.temp);
    acc.power.add(reading.power, weight);
    acc.mem.add(reading.mem, weight);
  }

  rollups(): GpuRollup[] {
    return [...this.byIndex.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([index, g]) => ({
        index,
        util_pct_avg: g.util.value(),
        temp_c_max: g.temp.value(),
        power_w_avg: g.power.value(),
        mem_used_bytes_avg: g.mem.value(0),
      }));
  }
}
