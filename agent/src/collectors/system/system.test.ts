import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validSample } from '../../../../test/support/sample.js';
import { buildSample } from '../../sampler.js';
import { createSystemCollector } from './index.js';
import { parseMeminfo } from './meminfo.js';
import { parseMounts } from './mounts.js';
import { cpuBusyPct, parseProcStat } from './proc-stat.js';

const testdata = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

describe('/proc parsers on real captures', () => {
  it('meminfo: used = total - available, in bytes', () => {
    const mem = parseMeminfo(testdata('meminfo-debian12-x64.txt'));
    const text = testdata('meminfo-debian12-x64.txt');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1]);
    expect(mem).toEqual({
      mem_total_bytes: kib('MemTotal') * 1024,
      mem_available_bytes: kib('MemAvailable') * 1024,
      mem_used_bytes: (kib('MemTotal') - kib('MemAvailable')) * 1024,
      swap_total_bytes: 0,
      swap_used_bytes: 0,
    });
  });

  it('meminfo without MemAvailable (kernel < 3.14) estimates from free + buffers + cached', () => {
    const old =
      'MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\nSwapTotal: 10 kB\nSwapFree: 4 kB\n';
    expect(parseMeminfo(old)).toEqual({
      mem_total_bytes: 1_024_000,
      mem_available_bytes: 409_600,
      mem_used_bytes: 614_400,
      swap_total_bytes: 10_240,
      swap_used_bytes: 6_144,
    });
    expect(parseMeminfo('garbage')).toBeNull();
  });

  it('stat: busy share between two readings', () => {
    const first = parseProcStat(testdata('stat-debian12-x64.txt'));
    expect(first).not.toBeNull();
    const later = { busy: (first?.busy ?? 0) + 25, total: (first?.total ?? 0) + 100 };
    expect(cpuBusyPct(first as NonNullable<typeof first>, later)).toBe(25);
    expect(cpuBusyPct(later, later)).toBeNull();
    expect(parseProcStat('intr 1 2 3')).toBeNull();
  });

  it('mounts: real disks only, pseudo filesystems and duplicate devices left out', () => {
    expect(parseMounts(testdata('mounts-debian12-container.txt'))).toEqual([
      { device: '/dev/vda', mount: '/', fs: 'ext4' },
    ]);
    const withSpaces =
      '/dev/sdb1 /mnt/my\\040disk ext4 rw 0 0\n/dev/sdb1 /bind ext4 rw 0 0\ntmpfs /tmp tmpfs rw 0 0';
    expect(parseMounts(withSpaces)).toEqual([{ device: '/dev/sdb1', mount: '/mnt/my disk', fs: 'ext4' }]);
  });
});

describe('system collector on this machine', () => {
  it('produces fields that pass the shared Sample schema', async () => {
    const collector = createSystemCollector();
    expect(await collector.probe()).toEqual({ ok: true });
    const fields = await collector.collect();
    const { disks: _d, net, ...envelope } = validSample();
    const built = buildSample({ ...envelope, net, ...fields }, 'test-device', 1, Date.now());
    expect(built.ok, built.ok ? '' : built.detail).toBe(true);
    expect(fields.boot_id).toMatch(/^[0-9a-f-]{8,}$/);
    expect(fields.mem_total_bytes).toBeGreaterThan(0);
  });
});
