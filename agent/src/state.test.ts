import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentState, defaultDeviceId } from './state.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'nt-state-'));

describe('AgentState', () => {
  it('keeps the generated device id across restarts', () => {
    const dir = tempDir();
    const first = AgentState.open(dir);
    expect(AgentState.open(dir).deviceId).toBe(first.deviceId);
    expect(first.outboxDir).toBe(join(dir, 'outbox'));
  });

  it('a configured device id wins over the stored one, and is stored', () => {
    const dir = tempDir();
    AgentState.open(dir, 'old-id');
    expect(AgentState.open(dir, 'new-id').deviceId).toBe('new-id');
    expect(AgentState.open(dir).deviceId).toBe('new-id');
  });

  it('refuses a corrupt state file instead of silently becoming another device', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'state.json'), '{"device_id":');
    expect(() => AgentState.open(dir)).toThrow(/unreadable/);
    writeFileSync(join(dir, 'state.json'), '{"device_id":"a/b"}');
    expect(() => AgentState.open(dir)).toThrow(/unreadable/);
  });

  it('derives a topic-safe default id from the hostname', () => {
    expect(defaultDeviceId('My Rig #1.local')).toMatch(/^My-Rig--1\.local-[0-9a-f]{6}$/);
    expect(defaultDeviceId('---')).toMatch(/^device-[0-9a-f]{6}$/);
  });

  it('expands a leading ~ to the home directory', () => {
    const home = tempDir();
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      AgentState.open('~/state', 'rig-01');
      expect(JSON.parse(readFileSync(join(home, 'state', 'state.json'), 'utf8')).device_id).toBe('rig-01');
    } finally {
      process.env.HOME = saved;
    }
  });
});
