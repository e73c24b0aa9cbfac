import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createRaspberryPiCollector } from './index.js';
import { decodeThrottled, parseGetThrottled } from './throttled.js';

const testdata = new URL('./testdata/', import.meta.url);
const silent = pino({ level: 'silent' });

const EXPECTED: Record<string, ReturnType<typeof decodeThrottled>> = {
  'get-throttled-0x0.txt': decodeThrottled(0),
  'get-throttled-0x50005.txt': {
    throttled_raw: 0x50005,
    under_voltage_now: true,
    freq_capped_now: false,
    throttled_now: true,
    soft_temp_limit_now: false,
    under_voltage_since_boot: true,
    freq_capped_since_boot: false,
    throttled_since_boot: true,
    soft_temp_limit_since_boot: false,
  },
  'get-throttled-0x80008.txt': {
    throttled_raw: 0x80008,
    under_voltage_now: false,
    freq_capped_now: false,
    throttled_now: false,
    soft_temp_limit_now: true,
    under_voltage_since_boot: false,
    freq_capped_since_boot: false,
    throttled_since_boot: false,
    soft_temp_limit_since_boot: true,
  },
};

describe('vcgencmd get_throttled', () => {
  const cases = readdirSync(testdata).filter(
    (f) => f.startsWith('get-throttled-') && !f.endsWith('.source.txt'),
  );

  it.each(cases)('%s', (name) => {
    const value = parseGetThrottled(readFileSync(new URL(name, testdata), 'utf8'));
    expect(decodeThrottled(value)).toEqual(EXPECTED[name]);
  });

  it('0x0 has every flag false; garbage is null', () => {
    expect(Object.values(decodeThrottled(0)).filter((v) => v === true)).toEqual([]);
    expect(parseGetThrottled('error=1 error_msg="Command not registered"')).toBeNull();
    expect(decodeThrottled(null).under_voltage_now).toBeNull();
  });
});

function fakeRoot(model: string | null, milliC?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'nt-pi-'));
  if (model !== null) {
    mkdirSync(join(root, 'proc/device-tree'), { recursive: true });
    writeFileSync(join(root, 'proc/device-tree/model'), `${model}\0`);
  }
  if (milliC !== undefined) {
    mkdirSync(join(root, 'sys/class/thermal/thermal_zone0'), { recursive: true });
    writeFileSync(join(root, 'sys/class/thermal/thermal_zone0/temp'), `${milliC}\n`);
  }
  return root;
}

function fakeVcgencmd(output: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'nt-vcgencmd-')), 'vcgencmd');
  writeFileSync(path, `#!/bin/sh\n[ "$1" = get_throttled ] && printf '%s\\n' '${output}'\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('raspberry-pi collector', () => {
  it('is off unless the device-tree model says Raspberry Pi', async () => {
    const none = createRaspberryPiCollector({ piRootDir: fakeRoot(null), vcgencmdCommand: 'x' }, silent);
    expect((await none.probe()).ok).toBe(false);
    const rock = createRaspberryPiCollector(
      { piRootDir: fakeRoot('Radxa ROCK Pi 4B'), vcgencmdCommand: 'x' },
      silent,
    );
    expect(await rock.probe()).toEqual({ ok: false, reason: 'not a Raspberry Pi: Radxa ROCK Pi 4B' });
  });

  it('reads model, SoC temperature and the decoded throttle state', async () => {
    const collector = createRaspberryPiCollector(
      {
        piRootDir: fakeRoot('Raspberry Pi 4 Model B Rev 1.4', '48686'),
        vcgencmdCommand: fakeVcgencmd('throttled=0x50005'),
      },
      silent,
    );
    expect(await collector.probe()).toEqual({ ok: true });
    expect(await collector.collect()).toEqual({
      pi: {
        model: 'Raspberry Pi 4 Model B Rev 1.4',
        soc_temp_c: 48.686,
        ...EXPECTED['get-throttled-0x50005.txt'],
      },
    });
  });

  it('without vcgencmd the flags are null and one warning is logged', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const collector = createRaspberryPiCollector(
      {
        piRootDir: fakeRoot('Raspberry Pi 3 Model B Plus Rev 1.3'),
        vcgencmdCommand: '/nonexistent/vcgencmd',
      },
      log,
    );
    await collector.probe();
    const first = await collector.collect();
    await collector.collect();
    expect(first.pi).toEqual({
      model: 'Raspberry Pi 3 Model B Plus Rev 1.3',
      soc_temp_c: null,
      ...decodeThrottled(null),
    });
    expect(lines).toHaveLength(1);
  });
});
