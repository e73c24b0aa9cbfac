import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentState, defaultDeviceId, SEQ_BLOCK } from './state.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'nt-state-'));

describe('AgentState', () => {
  it('keeps the device id and continues seqs above anything handed out before a restart', () => {
    const dir = tempDir();
    const first = AgentState.open(dir);
    const seqs = Array.from({ length: 5 }, () => first.takeSeq());
    expect(seqs).toEqual([1, 2, 3, 4, 5]);

    const second = AgentState.open(dir);
    expect(second.deviceId).toBe(first.deviceId);
    const next = second.takeSeq();
    expect(next).toBeGreaterThan(5);
    expect(next).toBe(SEQ_BLOCK + 1);
  });

  it('writes the state file once per block, not once per sample', () => {
    const dir = tempDir();
    const state = AgentState.open(dir, 'rig-01');
    const read = () => JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).seq_reserved_through;
    state.takeSeq();
    expect(read()).toBe(SEQ_BLOCK);
    for (let i = 1; i < SEQ_BLOCK; i++) state.takeSeq();
    expect(read()).toBe(SEQ_BLOCK);
    expect(state.takeSeq()).toBe(SEQ_BLOCK + 1);
    expect(read()).toBe(2 * SEQ_BLOCK);
  });

  it('peekSeq does not consume', () => {
    const state = AgentState.open(tempDir(), 'rig-01');
    expect(state.peekSeq()).toBe(1);
    expect(state.peekSeq()).toBe(1);
    expect(state.takeSeq()).toBe(1);
  });

  it('a configured device id wins over the stored one', () => {
    const dir = tempDir();
    AgentState.open(dir, 'old-id').takeSeq();
    expect(AgentState.open(dir, 'new-id').deviceId).toBe('new-id');
  });

  it('refuses a corrupt state file instead of restarting seqs at 1', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'state.json'), '{"device_id":"x","seq_reserved_through":');
    expect(() => AgentState.open(dir)).toThrow(/NT_ERR_STATE_CORRUPT|unreadable/);
    writeFileSync(join(dir, 'state.json'), '{"device_id":"a/b","seq_reserved_through":3}');
    expect(() => AgentState.open(dir)).toThrow(/unreadable/);
  });

  it('derives a topic-safe default id from the hostname', () => {
    expect(defaultDeviceId('My Rig #1.local')).toMatch(/^My-Rig--1\.local-[0-9a-f]{6}$/);
    expect(defaultDeviceId('---')).toMatch(/^device-[0-9a-f]{6}$/);
  });
});

describe('state dir', () => {
  it('expands a leading ~ to the home directory', () => {
    const home = tempDir();
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      AgentState.open('~/state', 'rig-01').takeSeq();
      expect(JSON.parse(readFileSync(join(home, 'state', 'state.json'), 'utf8')).device_id).toBe('rig-01');
    } finally {
      process.env.HOME = saved;
    }
  });
});
