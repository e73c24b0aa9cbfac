import type { PricePoint } from '../../prices/types.js';
import { type DeviceHours, emptyDeviceHours } from '../../store/earnings-hours.js';
import type { AccountLink, SplitRule } from '../attribution.js';
import { buildCalendar, type Calendar } from '../calendar.js';
import type { EnergyReading } from '../energy.js';
import type { Amortization, FixedCost } from '../fixed-costs.js';
import type { Tariff } from '../tariff.js';
import type { RewardInput } from '../valuation.js';
import { addDays, HOUR_MS } from '../zone.js';
import { prng } from './prng.js';

export interface RandomDevice {
  id: string;
  hours?: DeviceHours;
  readings?: EnergyReading[];
  fixedCosts: FixedCost[];
  amortization?: Amortization;
}

export interface RandomFleet {
  cal: Calendar;
  devices: RandomDevice[];
  /** Devices that only share an account with the computed ones (their activity weighs splits). */
  others: RandomDevice[];
  rewards: RewardInput[];
  prices: PricePoint[];
  spot: Map<string, string>;
  links: AccountLink[];
  tariffs: Tariff[];
}

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu'];
const TOKENS = ['HNT', 'IOT', 'RENDER', 'GRASS', 'USDC', 'XYZ'];

/** A small random fleet for comparing the columnar engine with the exact one (seeded, reproducible). */
export function randomFleet(seed: number): RandomFleet {
  const { next, int } = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)] as T;
  const zone = pick(ZONES);
  const from = addDays('2024-03-05', int(0, 24));
  const cal = buildCalendar(from, addDays(from, int(1, 12)), zone);
  const decimal = (whole: number, places: number) =>
    `${int(0, whole)}${places > 0 ? `.${String(int(0, 10 ** places - 1)).padStart(places, '0')}` : ''}`;
  const startHourMs = Math.floor(cal.startMs / HOUR_MS) * HOUR_MS - int(0, 3) * HOUR_MS;
  const hourCount = Math.ceil((cal.endMs - startHourMs) / HOUR_MS) + int(0, 3);
  const device = (id: string): RandomDevice => {
    const d: RandomDevice = {
      id,
      fixedCosts: next() < 0.5 ? [] : [{ name: 'hosting', monthly: decimal(50, int(0, 6)) }],
    };
    if (next() < 0.3)
      d.fixedCosts.push({
        name: 'net',
        monthly: '3.10',
        from: addDays(from, int(-3, 5)),
        to: addDays(from, int(2, 9)),
      });
    if (next() < 0.5)
      d.amortization = { price: decimal(3000, 2), months: int(1, 36), start: addDays(from, int(-400, 5)) };
    const kind = next();
    if (kind < 0.6) {
      const h = emptyDeviceHours(startHourMs, hourCount);
      for (let x = 0; x < hourCount; x++) {
        if (next() < 0.1) continue;
        h.present[x] = next() < 0.95 ? 1 : 0;
        h.upMs[x] = next() < 0.7 ? HOUR_MS : int(0, HOUR_MS);
        h.busyMs[x] = Math.floor((h.upMs[x] as number) * next());
        h.bytes[x] = next() < 0.5 ? 0 : int(0, 2e9);
        h.measuredMwh[x] = int(0, 500_000);
        h.interpolatedMwh[x] = next() < 0.2 ? int(0, 50_000) : 0;
        h.knownMs[x] = next() < 0.8 ? HOUR_MS : int(0, HOUR_MS);
      }
      d.hours = h;
    } else if (kind < 0.85) {
      const readings: EnergyReading[] = [];
      let wh = 0;
      for (let t = cal.startMs - 600_000; t < cal.endMs + 600_000; t += int(1, 40) * 60_000) {
        if (next() < 0.05) continue;
        wh += next() * 60;
        readings.push({
          ts: t,
          energyWhTotal: Math.round(wh * 1e3) / 1e3,
          epochId: 'e1',
          watts: next() < 0.9 ? int(10, 400) : null,
        });
      }
      d.readings = readings;
    }
    return d;
  };
  const devices = Array.from({ length: int(2, 10) }, (_, k) => device(`d${String(k).padStart(2, '0')}`));
  const others = [device('zz-other')];
  const ids = [...devices, ...others].map((d) => d.id);
  const rules: SplitRule[] = [
    { kind: 'equal' },
    { kind: 'uptime' },
    { kind: 'gpu-busy' },
    { kind: 'bandwidth' },
    { kind: 'weights', weights: Object.fromEntries(ids.map((id) => [id, next() < 0.3 ? 0 : int(0, 1000)])) },
  ];
  const links: AccountLink[] = [];
  for (let a = 0; a < 5; a++) {
    const linked = a === 4 ? [] : ids.filter(() => next() < 0.5);
    if (linked.length > 0 && next() < 0.3) linked.push(linked[0] as string);
    links.push({
      network: a % 2 ? 'render' : 'helium',
      account: `a${a}`,
      devices: linked,
      rule: pick(rules),
    });
  }
  const prices: PricePoint[] = [];
  for (const token of TOKENS) {
    for (let t = cal.startMs - 2 * 86_400_000; t < cal.endMs + 86_400_000; t += HOUR_MS) {
      const n = next() < 0.1 ? 0 : next() < 0.85 ? 1 : 2;
      for (let k = 0; k < n; k++)
        prices.push({
          token,
          currency: 'usd',
          ts: t + int(0, HOUR_MS - 1),
          price: decimal(40, int(0, 8)),
          source: 'test',
        });
    }
  }
  const spot = new Map(TOKENS.filter(() => next() < 0.7).map((t) => [t, decimal(40, int(0, 7))]));
  const rewards: RewardInput[] = Array.from({ length: int(20, 400) }, () => {
    const a = int(0, 6);
    return {
      network: a % 2 ? 'render' : 'helium',
      account: `a${a}`,
      token: pick(TOKENS),
      amount: String((next() < 0.05 ? -1 : 1) * int(0, next() < 0.2 ? 1e12 : 1e9)),
      ts: int(cal.startMs - 86_400_000, cal.endMs + 86_400_000),
    };
  });
  const tariffs: Tariff[] = [
    {
      kind: 'flat',
      currency: 'usd',
      effectiveFrom: addDays(from, int(-5, 2)),
      pricePerKwh: decimal(1, int(1, 6)),
    },
    {
      kind: 'tou',
      currency: 'usd',
      effectiveFrom: addDays(from, int(3, 8)),
      defaultPricePerKwh: decimal(1, 3),
      bands: [
        { days: [1, 2, 3, 4, 5], fromHour: int(0, 23), toHour: int(0, 24), pricePerKwh: decimal(1, 4) },
        { days: [0, 6], fromHour: 22, toHour: 6, pricePerKwh: decimal(1, 2) },
      ],
    },
  ];
  return { cal, devices, others, rewards, prices, spot, links, tariffs };
}
