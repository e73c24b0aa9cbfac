import { open } from 'node:fs/promises';
import { asObject, count, num, str } from '../json.js';
import type { HeliumFields } from './hotspot.js';

/**
 * Semtech packet-forwarder `stat` object (PROTOCOL.TXT §4). Its counters cover the forwarder's last
 * stat interval (30 s by default), so they are reported as they are, not summed.
 */
export function parseSemtechStat(json: unknown): HeliumFields | null {
  const stat = asObject(asObject(json)?.stat);
  if (!stat) return null;
  const ackr = num(stat, 'ackr');
  return {
    pktfwd_stat_at: str(stat, 'time'),
    pktfwd_rx_packets: count(stat, 'rxnb'),
    pktfwd_rx_ok_packets: count(stat, 'rxok'),
    pktfwd_rx_forwarded_packets: count(stat, 'rxfw'),
    pktfwd_ack_pct: ackr !== null && ackr >= 0 && ackr <= 100 ? ackr : null,
    pktfwd_downlink_packets: count(stat, 'dwnb'),
    pktfwd_tx_packets: count(stat, 'txnb'),
  };
}

/** lora_pkt_fwd prints each upstream datagram as `JSON up: {…}`; the last one with a `stat` wins. */
export function lastStatFromLog(text: string): HeliumFields | null {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    const at = line.indexOf('JSON up: {"stat"');
    if (at === -1) continue;
    try {
      return parseSemtechStat(JSON.parse(line.slice(at + 'JSON up: '.length)));
    } catch {
      // A line cut by log rotation or by the tail window; try the one before.
    }
  }
  return null;
}

const TAIL_BYTES = 64 * 1024;

/** Reads only the log's last 64 KiB, however large the log has grown. */
export async function readPktfwdLog(path: string): Promise<HeliumFields | null> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return lastStatFromLog(buffer.toString('utf8'));
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}
