import { describe, expect, it } from 'vitest';
import { resolveAlertsConfig } from './config.js';
import { observe } from './evaluate.js';
import { RULES, ruleByKind } from './rules/index.js';
import { earningsFor } from './testing/earnings.js';
import { device, MIN, piFrom, rtx3080, sample, series, T0 } from './testing/fixtures.js';
import type { DeviceInput, RuleCommon } from './types.js';

const config = resolveAlertsConfig({});
const run = (kind: string, d: DeviceInput, now = T0, over: Record<string, unknown> = {}) => {
  const rule = ruleByKind(kind);
  if (!rule) throw new Error(kind);
  const c = { ...(config.rules as Record<string, RuleCommon>)[kind], ...over } as RuleCommon;
  return rule.evaluate(d, c, { now });
};
const summaries = (v: ReturnType<typeof run>) => v?.map((c) => `${c.subject ?? ''}|${c.summary}`) ?? null;

describe('rule registry and defaults', () => {
  it('has every rule on by default with a schema default for each setting', () => {
    expect(RULES.map((r) => r.kind)).toEqual([
      'earnings-drop',
      'offline',
      'reboot',
      'not-earning',
      'reward-missing',
      'reward-stale',
      'gpu-idle',
      'temperature',
      'pi-power',
      'bandwidth-quota',
      'outbox-dropping',
    ]);
    for (const r of RULES) expect(config.rules[r.kind as keyof typeof config.rules]).toEqual(r.defaults);
  });

  it('fills channel defaults (base URLs, SMTP port) inside the channel list', () => {
    const c = resolveAlertsConfig({
      channels: [
        { type: 'telegram', botToken: '1:x', chatId: 1 },
        { type: 'ntfy', topic: 'farm' },
        { type: 'email', host: 'smtp.test', from: 'a@farm.test', to: ['b@farm.test'] },
      ],
    });
    expect(c.channels).toMatchObject([
      { baseUrl: 'https://api.telegram.org' },
      { baseUrl: 'https://ntfy.sh' },
      { port: 587, secure: false, subjectPrefix: '[nodetally]' },
    ]);
  });

  it('rejects a bad config naming the path', () => {
    expect(() => resolveAlertsConfig({ rules: { offline: { afterMinutes: 0 } } })).toThrow(
      /alerts\/rules\/offline\/afterMinutes/,
    );
  });
});

describe('earnings-drop', () => {
  it('names the cause from the decomposition', () => {
    const d = device('rig-1', { earnings: earningsFor('2026-03-04', 80n, 7_500n, 69_120) });
    expect(summaries(run('earnings-drop', d))).toEqual([
      '|−40.0%: price −22.5%, uptime −17.5% (net $0.60/day on 2026-03-04 vs 28-day median $1.00/day)',
    ]);
  });
  it('stays quiet under the threshold, and without earnings has no verdict', () => {
    const d = device('rig-1', { earnings: earningsFor('2026-03-04', 100n, 8_000n, 86_400) }); // −20 %
    expect(run('earnings-drop', d)).toEqual([]);
    expect(run('earnings-drop', device('rig-1'))).toBeNull();
  });
});

describe('offline', () => {
  it('fires after N minutes since the last sample of an offline device', () => {
    const d = device('pi-7', { state: 'offline', last_seen_ms: T0 - 12 * MIN });
    expect(summaries(run('offline', d))).toEqual(['|offline for 12 min (last sample 2026-03-05 11:48 UTC)']);
    expect(run('offline', { ...d, last_seen_ms: T0 - 5 * MIN })).toEqual([]);
    expect(run('offline', { ...d, state: 'online' })).toEqual([]);
  });
});

describe('reboot and outbox (events over the sample window)', () => {
  it('sees a boot_id change and reports when it booted', () => {
    const recent = series('rig-1', T0 - 20 * MIN, T0, (ts) =>
      ts >= T0 - 5 * MIN ? { boot_id: 'b2c7e9a0-new-boot', uptime_s: (ts - (T0 - 6 * MIN)) / 1000 } : {},
    );
    expect(summaries(run('reboot', device('rig-1', { recent })))).toEqual([
      '|rebooted at 2026-03-05 11:54 UTC',
    ]);
    expect(run('reboot', device('rig-1', { recent: series('rig-1', T0 - 20 * MIN, T0) }))).toEqual([]);
  });
  it('counts samples the outbox dropped, ignoring a counter reset', () => {
    const recent = series('rig-1', T0 - 10 * MIN, T0, (_, i) => ({
      outbox_dropped_total: i < 3 ? 500 : i < 6 ? 0 : 40 + i,
    }));
    // 500 → 0 is a reset; then 46 → 47 … 50 after 0 → 46: 46 + 4 = 50 dropped.
    expect(summaries(run('outbox-dropping', device('rig-1', { recent })))?.[0]).toMatch(
      /^\|agent outbox dropped 50 samples in the last 60 min/,
    );
  });
});

describe('hardware rules on realistic samples', () => {
  const gpuRig = (util: (i: number) => number) =>
    device('rig-3080', {
      gpu_workload_expected: true,
      recent: series('rig-3080', T0 - 40 * MIN, T0, (_, i) => ({
        gpus: [rtx3080({ util_gpu_pct: util(i) })],
      })),
    });

  it('gpu-idle: every sample of the window below X %, only where a GPU workload is expected', () => {
    expect(
      summaries(
        run(
          'gpu-idle',
          gpuRig(() => 2),
        ),
      ),
    ).toEqual([
      '|GPU 0 (NVIDIA GeForce RTX 3080) at most 2% for 30 min, below 10% while a GPU workload is expected',
    ]);
    expect(
      run(
        'gpu-idle',
        gpuRig((i) => (i === 30 ? 65 : 2)),
      ),
    ).toEqual([]);
    expect(run('gpu-idle', { ...gpuRig(() => 2), gpu_workload_expected: false })).toEqual([]);
    expect(run('gpu-idle', { ...gpuRig(() => 2), recent: [] })).toBeNull();
  });

  it('temperature: CPU and each GPU against their limits', () => {
    const hot = device('rig-3080', {
      recent: [sample('rig-3080', 9, T0, { cpu_temp_c: 91.5, gpus: [rtx3080({ temp_c: 88 })] })],
    });
    expect(summaries(run('temperature', hot))).toEqual([
      'cpu|CPU at 91.5 °C (limit 85 °C)',
      'gpu0|GPU 0 (NVIDIA GeForce RTX 3080) at 88.0 °C (limit 85 °C)',
    ]);
    const stale = device('rig-3080', { recent: [sample('rig-3080', 9, T0 - 30 * MIN, { cpu_temp_c: 95 })] });
    expect(run('temperature', stale)).toBeNull();
  });

  it('pi-power: captured get_throttled 0x50005 is under-voltage and throttling now', () => {
    const pi = device('hotspot-pi', {
      recent: [sample('hotspot-pi', 3, T0, { pi: piFrom('get-throttled-0x50005.txt') })],
    });
    expect(summaries(run('pi-power', pi))).toEqual([
      '|Raspberry Pi 4 Model B Rev 1.4: now: under-voltage, throttled (check the power supply and cable) [get_throttled=0x50005]',
    ]);
    const ok = device('hotspot-pi', {
      recent: [sample('hotspot-pi', 3, T0, { pi: piFrom('get-throttled-0x0.txt') })],
    });
    expect(run('pi-power', ok)).toEqual([]);
  });

  it('bandwidth-quota: one condition per level reached', () => {
    const d = device('grass-1', { metered_month: { iface: 'eth0', month: '2026-03', bytes: 920 * 2 ** 30 } });
    expect(summaries(run('bandwidth-quota', d, T0, { quotaBytes: 2 ** 40 }))).toEqual([
      '80%|eth0 used 920.0 GiB of 1.0 TiB in 2026-03 (89.8%, level 80%)',
    ]);
    const over = { ...d, metered_month: { iface: 'eth0', month: '2026-03', bytes: 2 ** 40 } };
    expect(run('bandwidth-quota', over, T0, { quotaBytes: 2 ** 40 })?.map((c) => c.subject)).toEqual([
      '80%',
      '90%',
      '100%',
    ]);
    expect(run('bandwidth-quota', d)).toEqual([]); // no quota configured
  });
});

describe('reward rules', () => {
  it('not-earning turns the healthy-but-not-earning flag into a condition', () => {
    const d = device('hotspot-pi', { earnings: earningsFor('2026-03-04', 20n, 10_000n, 86_400) });
    expect(summaries(run('not-earning', d))).toEqual([
      'HNT|online and busy on 2026-03-04 but earned 20 HNT base units, under half its 28-day median of 100',
    ]);
  });
  it('reward-missing: older than cadence × factor (helium is daily)', () => {
    const d = device('hotspot-pi', {
      payouts: [
        { network: 'helium', account: '14abc', last_payout_ms: T0 - 50 * 60 * MIN },
        { network: 'render', account: 'Rn1', last_payout_ms: T0 - 3 * 24 * 60 * MIN },
        { network: 'flux', account: 't1new', last_payout_ms: null },
      ],
    });
    expect(summaries(run('reward-missing', d))).toEqual([
      'helium/14abc|no helium reward for 2 d 2 h (last 2026-03-03 10:00 UTC; expected every 24 h 00 min) on 14abc',
    ]);
  });
  it('reward-stale: a stale source with its last error', () => {
    const d = device('rig-1', {
      reward_sources: [
        {
          source: 'solana-spl/render',
          account: 'Rn1',
          stale: true,
          last_success_ms: T0 - 5 * 60 * MIN,
          last_error: 'HTTP 503',
        },
        { source: 'helium', account: '14abc', stale: false, last_success_ms: T0, last_error: null },
      ],
    });
    expect(summaries(run('reward-stale', d))).toEqual([
      'solana-spl/render/Rn1|solana-spl/render data for Rn1 is stale (last success 2026-03-05 07:00 UTC; last error: HTTP 503)',
    ]);
  });
});

describe('observe', () => {
  it('runs every enabled rule on every device, and a rule that throws is "no data"', () => {
    const broken = device('x', { recent: [null as never] });
    const obs = observe([broken], resolveAlertsConfig({ rules: { offline: { enabled: false } } }), T0);
    expect(obs.map((o) => o.rule)).not.toContain('offline');
    expect(obs.find((o) => o.rule === 'temperature')?.verdict).toBeNull();
  });
});
