import type { Gpu } from '@nodetally/shared';

/** rocm-smi prints `N/A` for readings a card lacks; anything not a plain number is treated the same. */
function num(raw: string | undefined, min: number, max: number): number | null {
  if (raw === undefined) return null;
  const match = /^\(?(-?\d+(?:\.\d+)?)\s*(?:Mhz|MHz)?\)?$/.exec(raw.trim());
  if (match?.[1] === undefined) return null;
  const value = Number(match[1]);
  return value >= min && value <= max ? value : null;
}

function bytes(raw: string | undefined): number | null {
  const value = num(raw, 0, Number.MAX_SAFE_INTEGER);
  return value === null ? null : Math.round(value);
}

function label(raw: string | undefined, maxLength: number): string | null {
  const value = raw?.trim();
  return value && value !== 'N/A' ? value.slice(0, maxLength) : null;
}

function toGpu(index: number, card: Record<string, unknown>): Gpu {
  const get = (key: string) => (typeof card[key] === 'string' ? (card[key] as string) : undefined);
  const clock = (key: string) => {
    const value = num(get(key), 0, 100_000);
    return value === null ? null : Math.round(value);
  };
  return {
    vendor: 'amd',
    index,
    uuid: label(get('Unique ID'), 128),
    name: label(get('Card series'), 256),
    util_gpu_pct: num(get('GPU use (%)'), 0, 100),
    util_mem_pct: num(get('GPU memory use (%)'), 0, 100),
    mem_used_bytes: bytes(get('VRAM Total Used Memory (B)')),
    mem_total_bytes: bytes(get('VRAM Total Memory (B)')),
    temp_c: num(get('Temperature (Sensor edge) (C)') ?? get('Temperature (Sensor junction) (C)'), -100, 200),
    power_draw_w: num(get('Average Graphics Package Power (W)'), 0, 100_000),
    power_limit_w: num(get('Max Graphics Package Power (W)'), 0, 100_000),
    fan_pct: num(get('Fan speed (%)'), 0, 100),
    // AMD has no P-states or MIG in nvidia-smi's sense.
    pstate: null,
    clock_sm_mhz: clock('sclk clock speed:'),
    clock_mem_mhz: clock('mclk clock speed:'),
    mig_mode: null,
  };
}

/**
 * Parses `rocm-smi … --json`: one object per card (`card0`, `card1`, …, all values strings) plus a
 * `system` object. Throws when the output holds no JSON object.
 */
export function parseRocmSmiJson(output: string): Gpu[] {
  // Tolerate warnings printed around the JSON document.
  const start = output.indexOf('{');
  const end = output.lastIndexOf('}');
  if (start < 0 || end < start) throw new Error('rocm-smi printed no JSON object');
  const parsed = JSON.parse(output.slice(start, end + 1)) as unknown;
  if (typeof parsed !== 'object' || parsed === null) throw new Error('rocm-smi JSON is not an object');
  return Object.entries(parsed)
    .map(([key, card]) => ({ index: Number(/^card(\d+)$/.exec(key)?.[1]), card }))
    .filter(({ index, card }) => Number.isInteger(index) && index <= 1023 && typeof card === 'object' && card)
    .sort((a, b) => a.index - b.index)
    .map(({ index, card }) => toGpu(index, card as Record<string, unknown>));
}
