import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { raplWatts, readRapl } from './rapl.js';

/** Intel's usual counter range, as max_energy_range_uj shows it. */
const MAX_RANGE_UJ = '262143328850';
type Tree = Record<string, Record<string, string>>;

/** A /sys/class/powercap look-alike: zone directory → its files. */
function powercap(tree: Tree): string {
  const root = mkdtempSync(join(tmpdir(), 'nt-powercap-'));
  for (const [zone, files] of Object.entries(tree)) {
    mkdirSync(join(root, zone), { recursive: true });
    for (const [file, value] of Object.entries(files)) writeFileSync(join(root, zone, file), `${value}\n`);
  }
  return root;
}

const zone = (name: string, energy: string, range = MAX_RANGE_UJ) => ({
  name,
  energy_uj: energy,
  max_energy_range_uj: range,
  enabled: '1',
});

/** Two sockets, a dram sub-zone under each package. */
const server: Tree = {
  'intel-rapl': { enabled: '1' },
  'intel-rapl:0': zone('package-0', '74560923418'),
  'intel-rapl:0:0': zone('dram', '5120447817', '65712999613'),
  'intel-rapl:1': zone('package-1', '70214882907'),
  'intel-rapl:1:0': zone('dram', '4979001531', '65712999613'),
};

/** One package with core/uncore sub-zones, plus psys, which covers the whole platform. */
const laptop: Tree = {
  'intel-rapl': { enabled: '1' },
  'intel-rapl:0': zone('package-0', '31522190771'),
  'intel-rapl:0:0': zone('core', '28377207961'),
  'intel-rapl:0:1': zone('uncore', '1208460839'),
  'intel-rapl:1': zone('psys', '131468826440'),
};

describe('readRapl', () => {
  it('reads every package zone and no sub-zone', async () => {
    expect(await readRapl(powercap(server))).toEqual({
      status: 'ok',
      zones: [
        { zone: 'intel-rapl:0', energyUj: 74560923418, maxRangeUj: 262143328850 },
        { zone: 'intel-rapl:1', energyUj: 70214882907, maxRangeUj: 262143328850 },
      ],
    });
  });

  it('leaves out psys, which would count the package twice', async () => {
    const read = await readRapl(powercap(laptop));
    expect(read.status === 'ok' && read.zones.map((z) => z.zone)).toEqual(['intel-rapl:0']);
  });

  it('no powercap folder (a Pi, a VM, a container) is absent', async () => {
    expect(await readRapl('/nonexistent/powercap')).toEqual({ status: 'absent' });
    expect(await readRapl(powercap({ 'intel-rapl': { enabled: '1' } }))).toEqual({ status: 'absent' });
  });

  it('a counter that cannot be read (root-only since CVE-2020-8694) is unreadable', async () => {
    const root = powercap({ 'intel-rapl:0': { name: 'package-0', max_energy_range_uj: MAX_RANGE_UJ } });
    // Tests may run as root, which reads any file: a directory in the file's place cannot be read by anyone.
    mkdirSync(join(root, 'intel-rapl:0', 'energy_uj'));
    expect(await readRapl(root)).toMatchObject({ status: 'unreadable' });
  });
});

describe('raplWatts', () => {
  const at = (energyUj: number, maxRangeUj: number | null = 262143328850) => [
    { zone: 'intel-rapl:0', energyUj, maxRangeUj },
  ];

  it('is the energy difference over the time between readings', () => {
    expect(raplWatts(at(74_560_923_418), at(74_860_923_418), 10)).toBe(30);
  });

  it('unwraps a counter that passed max_energy_range_uj', () => {
    expect(raplWatts(at(262_143_000_000), at(1_000_000), 1)).toBeCloseTo(1.32885, 6);
    expect(raplWatts(at(262_143_000_000, null), at(1_000_000, null), 1)).toBeNull();
  });

  it('sums packages and refuses readings that do not line up', () => {
    const two = (a: number, b: number) => [
      { zone: 'intel-rapl:0', energyUj: a, maxRangeUj: null },
      { zone: 'intel-rapl:1', energyUj: b, maxRangeUj: null },
    ];
    expect(raplWatts(two(0, 0), two(20_000_000, 40_000_000), 2)).toBe(30);
    expect(raplWatts(at(0), two(1, 1), 1)).toBeNull();
    expect(raplWatts(at(0), at(1), 0)).toBeNull();
  });
});
