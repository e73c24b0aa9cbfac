import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNetworkCollector } from './index.js';
import { parseProcNetDev } from './proc-net-dev.js';

const capture = readFileSync(new URL('./testdata/net-dev-debian12-container.txt', import.meta.url), 'utf8');

describe('parseProcNetDev', () => {
  it('reads cumulative rx/tx bytes per interface from a real capture', () => {
    expect(parseProcNetDev(capture)).toEqual([
      { iface: 'lo', rx_bytes_total: 3193, tx_bytes_total: 3193 },
      { iface: 'ifb0', rx_bytes_total: 0, tx_bytes_total: 0 },
      { iface: 'ifb1', rx_bytes_total: 0, tx_bytes_total: 0 },
      { iface: 'eth0', rx_bytes_total: 255_459_901, tx_bytes_total: 240_540 },
    ]);
  });

  it('handles interface names glued to the counter and skips malformed lines', () => {
    const text = 'Inter-| x\n face |y\nwlan0:123456789 1 0 0 0 0 0 0 987 2 0 0 0 0 0 0\nbroken: 1 2\n';
    expect(parseProcNetDev(text)).toEqual([
      { iface: 'wlan0', rx_bytes_total: 123_456_789, tx_bytes_total: 987 },
    ]);
  });

  it('clamps counters beyond 2^53 rather than reporting an inexact value', () => {
    const text = `eth0: 18446744073709551615 1 0 0 0 0 0 0 5 1 0 0 0 0 0 0\n`;
    expect(parseProcNetDev(text)[0]?.rx_bytes_total).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('network collector', () => {
  it('is disabled with a reason when /proc/net/dev cannot be read', async () => {
    const collector = createNetworkCollector('/nonexistent/net/dev');
    expect(await collector.probe()).toMatchObject({
      ok: false,
      reason: expect.stringContaining('/nonexistent'),
    });
  });

  it('reads this machine', async () => {
    const fields = await createNetworkCollector().collect();
    expect(fields.net?.some((n) => n.iface === 'lo')).toBe(true);
  });
});
