import type { DeviceDay } from './device-day.js';
import { add, cmpAbs, div, type Frac, frac, isZero, mul, ONE, roundFrac, sub, ZERO } from './fraction.js';
import { roundDiv } from './money.js';

export const EFFECTS = ['price', 'volume', 'uptime', 'energy', 'fixed'] as const;
export type EffectName = (typeof EFFECTS)[number];

export interface Effect {
  name: EffectName;
  /** Change of net $/day due to this factor, micro-units; the five sum to totalMicros exactly. */
  micros: bigint;
  /** micros ÷ |baseline net/day| in basis points (display; null when the baseline is 0). */
  basisPoints: bigint | null;
}

export interface Decomposition {
  baselineMicrosPerDay: bigint;
  recentMicrosPerDay: bigint;
  totalMicros: bigint;
  totalBasisPoints: bigint | null;
  effects: Effect[];
}

interface Window {
  days: number;
  uptime: Frac | null;
  /** network/token → priced base units and their value, per day. */
  tokens: Map<string, { a: Frac; g: Frac }>;
  energy: Frac;
  fixed: Frac;
  net: Frac;
}

function summarize(rows: readonly DeviceDay[]): Window {
  const n = BigInt(rows.length);
  let up = 0n;
  let seconds = 0n;
  let telemetry = false;
  const tokens = new Map<string, { a: bigint; g: bigint }>();
  let energy = 0n;
  let fixed = 0n;
  let net = 0n;
  for (const r of rows) {
    if (r.uptimeS !== null) {
      telemetry = true;
      up += BigInt(Math.round(r.uptimeS));
      seconds += BigInt(Math.round(r.hours * 3600));
    }
    for (const t of r.tokens) {
      const key = `${t.network}/${t.token}`;
      const s = tokens.get(key) ?? { a: 0n, g: 0n };
      s.a += t.amount - t.unpricedAmount;
      s.g += t.valueMicros;
      tokens.set(key, s);
    }
    energy += r.energyCostMicros ?? 0n;
    fixed += r.fixedMicros + r.amortizationMicros;
    net += r.netMicros;
  }
  const perDay = (x: bigint) => frac(x, n);
  return {
    days: rows.length,
    uptime: telemetry && seconds > 0n ? frac(up, seconds) : null,
    tokens: new Map([...tokens].map(([k, s]) => [k, { a: perDay(s.a), g: perDay(s.g) }])),
    energy: perDay(energy),
    fixed: perDay(fixed),
    net: perDay(net),
  };
}

/** Shapley share of factor x in the product x·y·z moving from (x0,y0,z0) to (x1,y1,z1). */
function shapley3(x0: Frac, x1: Frac, y0: Frac, y1: Frac, z0: Frac, z1: Frac): Frac {
  const same = add(mul(y0, z0), mul(y1, z1));
  const cross = add(mul(y0, z1), mul(y1, z0));
  return mul(sub(x1, x0), add(div(same, frac(3n)), div(cross, frac(6n))));
}

/**
 * Why net $/day moved from `baseline` to `recent` (each a list of one device's days, non-empty).
 * Per token, gross/day = price × volume-per-online-share × uptime-share (P = value ÷ priced base
 * units, Q = base units ÷ U, U = online seconds ÷ seconds); each token's change is split into price,
 * volume and uptime effects by the Shapley values of that three-factor product (exact rationals, so
 * they sum exactly to the change). A token seen in one window only takes the other window's price, so
 * appearing or vanishing is all volume. Without telemetry (or 0 uptime) in either window U is 1 in
 * both and the uptime effect is 0. Energy effect = −Δ energy cost/day; fixed = −Δ (fixed +
 * amortization)/day. Each effect is rounded to micro-units half away from zero; the total is
 * round(recent net/day) − round(baseline net/day), and the rounding residual (a few micro-units) goes
 * to the effect with the largest exact magnitude (first in EFFECTS order on a tie), so the effects sum
 * to the total exactly.
 */
export function decompose(baseline: readonly DeviceDay[], recent: readonly DeviceDay[]): Decomposition {
  if (baseline.length === 0 || recent.length === 0) throw new RangeError('both windows need days');
  const w0 = summarize(baseline);
  const w1 = summarize(recent);
  const useUptime = w0.uptime !== null && w1.uptime !== null && !isZero(w0.uptime) && !isZero(w1.uptime);
  const u0 = useUptime ? (w0.uptime as Frac) : ONE;
  const u1 = useUptime ? (w1.uptime as Frac) : ONE;
  const exact: Record<EffectName, Frac> = {
    price: ZERO,
    volume: ZERO,
    uptime: ZERO,
    energy: ZERO,
    fixed: ZERO,
  };
  for (const key of new Set([...w0.tokens.keys(), ...w1.tokens.keys()])) {
    const t0 = w0.tokens.get(key) ?? { a: ZERO, g: ZERO };
    const t1 = w1.tokens.get(key) ?? { a: ZERO, g: ZERO };
    const dg = sub(t1.g, t0.g);
    if (isZero(t0.a) && isZero(t1.a)) {
      exact.volume = add(exact.volume, dg);
      continue;
    }
    let p0 = isZero(t0.a) ? ZERO : div(t0.g, t0.a);
    let p1 = isZero(t1.a) ? ZERO : div(t1.g, t1.a);
    if (isZero(t0.a)) p0 = p1;
    if (isZero(t1.a)) p1 = p0;
    const q0 = div(t0.a, u0);
    const q1 = div(t1.a, u1);
    const price = shapley3(p0, p1, q0, q1, u0, u1);
    const uptime = shapley3(u0, u1, p0, p1, q0, q1);
    // The volume share is the rest of the token's change: equal to its Shapley value whenever the
    // product model holds, and it also absorbs value with no priced units (offsetting events).
    exact.price = add(exact.price, price);
    exact.uptime = add(exact.uptime, uptime);
    exact.volume = add(exact.volume, sub(sub(dg, price), uptime));
  }
  exact.energy = sub(w0.energy, w1.energy);
  exact.fixed = sub(w0.fixed, w1.fixed);
  const base = roundFrac(w0.net);
  const now = roundFrac(w1.net);
  const total = now - base;
  const rounded = EFFECTS.map((name) => roundFrac(exact[name]));
  const residual = total - rounded.reduce((a, b) => a + b, 0n);
  let pick = 0;
  EFFECTS.forEach((name, i) => {
    if (cmpAbs(exact[name], exact[EFFECTS[pick] as EffectName]) > 0) pick = i;
  });
  rounded[pick] = (rounded[pick] ?? 0n) + residual;
  const abs = base < 0n ? -base : base;
  const bp = (m: bigint) => (abs === 0n ? null : roundDiv(m * 10_000n, abs));
  return {
    baselineMicrosPerDay: base,
    recentMicrosPerDay: now,
    totalMicros: total,
    totalBasisPoints: bp(total),
    effects: EFFECTS.map((name, i) => ({
      name,
      micros: rounded[i] ?? 0n,
      basisPoints: bp(rounded[i] ?? 0n),
    })),
  };
}

/** "−38.0%: price −22.0%, uptime −16.0%" — the effects that are not zero, largest first. */
export function describe(d: Decomposition): string {
  const pct = (bp: bigint | null) => {
    if (bp === null) return 'n/a';
    const sign = bp < 0n ? '−' : '+';
    const a = bp < 0n ? -bp : bp;
    return `${sign}${a / 100n}.${((a % 100n) / 10n).toString()}%`;
  };
  const parts = d.effects
    .filter((e) => e.micros !== 0n)
    .sort((a, b) => {
      const x = a.micros < 0n ? -a.micros : a.micros;
      const y = b.micros < 0n ? -b.micros : b.micros;
      return x === y ? 0 : x > y ? -1 : 1;
    })
    .map((e) => `${e.name} ${pct(e.basisPoints)}`);
  return `${pct(d.totalBasisPoints)}: ${parts.join(', ')}`;
}
