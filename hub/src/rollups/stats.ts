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
