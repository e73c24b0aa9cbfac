import { describe, expect, it } from 'vitest';
import { validSample } from '../../test/support/sample.js';
import { hasUnitSuffix, SampleMetrics } from './metrics.js';
import { decodeMessage, MAX_PAYLOAD_BYTES, validateMessage } from './validate.js';

describe('sample validation', () => {
  it('accepts a real sample', () => {
    expect(validateMessage('samples', validSample())).toEqual({ ok: true, value: validSample() });
  });

  const mutations: Array<[string, (s: Record<string, unknown>) => void, string]> = [
    ['missing seq', (s) => delete s.seq, '/seq'],
    ['string seq', (s) => (s.seq = '1'), '/seq'],
    ['fractional seq', (s) => (s.seq = 1.5), '/seq'],
    ['zero seq', (s) => (s.seq = 0), '/seq'],
    ['NaN load', (s) => (s.cpu_load_pct = Number.NaN), '/cpu_load_pct'],
    ['Infinity uptime', (s) => (s.uptime_s = Number.POSITIVE_INFINITY), '/uptime_s'],
    ['negative bytes', (s) => (s.mem_used_bytes = -1), '/mem_used_bytes'],
    ['load over 100%', (s) => (s.cpu_load_pct = 100.1), '/cpu_load_pct'],
    ['ts before 2020', (s) => (s.ts = 0), '/ts'],
    ['wildcard device id', (s) => (s.device_id = 'a/#'), '/device_id'],
    ['unknown field', (s) => (s.extra = 1), '/extra'],
    ['wrong version', (s) => (s.v = 2), '/v'],
    [
      'too many disks',
      (s) =>
        (s.disks = Array.from({ length: 65 }, () => ({ mount: '/', fs: 'x', size_bytes: 1, used_bytes: 0 }))),
      '/disks',
    ],
    [
      'net counter as string',
      (s) => (s.net = [{ iface: 'eth0', rx_bytes_total: '5', tx_bytes_total: 1 }]),
      '/net/0/rx_bytes_total',
    ],
  ];

  it.each(mutations)('rejects %s', (_name, mutate, path) => {
    const sample = validSample() as Record<string, unknown>;
    mutate(sample);
    const result = validateMessage('samples', sample);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe('schema');
      expect(result.detail).toContain(path);
    }
  });
});

describe('decodeMessage', () => {
  it('decodes bytes', () => {
    const result = decodeMessage('samples', Buffer.from(JSON.stringify(validSample())));
    expect(result.ok).toBe(true);
  });

  it('reports bad JSON, JSON that overflows to Infinity, and oversize payloads', () => {
    expect(decodeMessage('samples', '{bad')).toMatchObject({ ok: false, reason: 'invalid_json' });
    expect(decodeMessage('samples', 'NaN')).toMatchObject({ ok: false, reason: 'invalid_json' });
    const overflow = JSON.stringify(validSample()).replace('"uptime_s":1791.6', '"uptime_s":1e400');
    expect(decodeMessage('samples', overflow)).toMatchObject({ ok: false, reason: 'schema' });
    const huge = Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 32);
    expect(decodeMessage('samples', huge)).toMatchObject({ ok: false, reason: 'too_large' });
  });

  it('validates the other message kinds', () => {
    expect(decodeMessage('status', '{"v":1,"state":"online"}').ok).toBe(true);
    expect(decodeMessage('status', '{"v":1,"state":"sleepy"}').ok).toBe(false);
    expect(decodeMessage('ack', '{"v":1,"up_to_seq":42}').ok).toBe(true);
    expect(decodeMessage('ack', '{"v":1,"up_to_seq":-1}').ok).toBe(false);
  });
});

describe('metric catalogue', () => {
  it('every metric name carries its unit suffix', () => {
    for (const metric of SampleMetrics) expect(hasUnitSuffix(metric), metric.name).toBe(true);
  });
});
