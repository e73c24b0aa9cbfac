import type { Sample } from '@nodetally/shared';
import { describe, expect, it } from 'vitest';
import { validSample } from '../../../test/support/sample.js';
import { buildCalendar } from '../earnings/calendar.js';
import { DEFAULT_EARNINGS, EarningsConfigError, earningsPlan } from './settings.js';
import { dailyActivity } from './telemetry.js';

const T0 = Date.UTC(2024, 0, 1);
const s = (min: number, boot: string, uptime: number, extra: Record<string, unknown> = {}) =>
  validSample({ ts: T0 + min * 60_000, boot_id: boot, uptime_s: uptime, ...extra }) as Sample;

describe('dailyActivity', () => {
  const cal = buildCalendar('2024-01-01', '2024-01-03');

  it('counts online time per boot, a reboot only from its uptime, and leaves days without samples out', () => {
    const act = dailyActivity(cal, [
      s(0, 'a', 100),
      s(10, 'a', 700), // +600 s in 600 s: online 600 s
      s(70, 'a', 1000), // +300 s in 3600 s: only 300 s
      s(80, 'b', 120), // new boot: its 120 s
      s(1440 + 30, 'b', 120 + 1470 * 60), // up through midnight: 1470 min, cut at the day bound
    ]);
    // day 1: 600 + 300 + 120 + (24 h − 80 min = 81,600 s) = 82,620 s; day 2: 30 min = 1,800 s
    expect(act.get('2024-01-01')?.uptimeS).toBe(82_620);
    expect(act.get('2024-01-02')?.uptimeS).toBe(1_800);
    expect(act.has('2024-01-03')).toBe(false);
  });

  it('GPU-busy from utilization, bytes from rx + tx growth within a boot', () => {
    const gpu = (util: number) => ({ gpus: [{ util_gpu_pct: util }] });
    const net = (rx: number, tx: number) => ({
      net: [{ iface: 'eth0', rx_bytes_total: rx, tx_bytes_total: tx }],
    });
    const act = dailyActivity(cal, [
      s(0, 'a', 0, { ...gpu(0), ...net(1000, 10) }),
      s(10, 'a', 600, { ...gpu(50), ...net(3000, 110) }),
    ]);
    // 600 s × 50 % = 300 s; 2000 + 100 bytes
    expect(act.get('2024-01-01')).toEqual({ uptimeS: 600, gpuBusyS: 300, bytes: 2100 });
  });
});

describe('earningsPlan', () => {
  it('refuses a tariff that is both flat and time-of-use, and an unknown zone', () => {
    const tou = { effectiveFrom: '2024-01-01', pricePerKwh: '0.1', defaultPricePerKwh: '0.1', bands: [] };
    expect(() => earningsPlan({ ...DEFAULT_EARNINGS, tariffs: [tou] })).toThrow(EarningsConfigError);
    expect(() => earningsPlan({ ...DEFAULT_EARNINGS, timeZone: 'Mars/Olympus' })).toThrow(/timeZone/);
  });

  it('applies fixed costs to their devices and splits accounts by their rule', () => {
    const plan = earningsPlan({
      ...DEFAULT_EARNINGS,
      fixedCosts: [{ name: 'net', monthly: '10', devices: ['a'] }],
      rewardSplits: [{ account: 'w', rule: 'uptime' }],
    });
    expect(plan.fixedCostsOf('a')).toEqual([{ name: 'net', monthly: '10' }]);
    expect(plan.fixedCostsOf('b')).toEqual([]);
    expect(plan.splitOf('helium', 'w')).toEqual({ kind: 'uptime' });
    expect(plan.splitOf('helium', 'other')).toEqual({ kind: 'equal' });
  });
});
