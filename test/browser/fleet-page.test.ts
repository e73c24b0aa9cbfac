import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDeviceCredential, hubConfig, type RunningHub, startHub } from '@nodetally/hub';
import { pino } from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { agentCli, startNode, stopAll } from '../support/processes.js';
import { getJson, waitFor } from '../support/wait.js';

describe('fleet page in headless Chromium', () => {
  let hub: RunningHub;
  let browser: Browser;

  beforeAll(async () => {
    hub = await startHub(
      hubConfig({
        dataDir: mkdtempSync(join(tmpdir(), 'nt-browser-')),
        httpPort: 0,
        mqttPort: 0,
        logLevel: 'silent',
      }),
      pino({ level: 'silent' }),
    );
    const credential = await addDeviceCredential(hub.store, 'Browser rig', 'browser-rig');
    const stateDir = mkdtempSync(join(tmpdir(), 'nt-browser-agent-'));
    startNode(agentCli, ['run', '--hub-url', hub.mqttUrl, '--interval-s', '1', '--state-dir', stateDir], {
      NODETALLY_DEVICE_ID: 'browser-rig',
      NODETALLY_PASSWORD: credential?.token ?? '',
      NODETALLY_LOG_LEVEL: 'warn',
    });
    await waitFor('agent sample stored', async () => {
      const body = await getJson<{ devices: Array<{ meta: unknown; latest: unknown }> }>(
        `${hub.httpUrl}/api/v1/devices`,
      );
      return body.devices.some((d) => d.meta && d.latest);
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stopAll();
    await hub?.close();
  });

  it('lists the real agent with its state, CPU, memory and last-seen time', async () => {
    const page = await browser.newPage();
    await page.goto(hub.httpUrl);
    const row = page.locator('tr[data-device-id="browser-rig"]');
    await expect(row.count()).resolves.toBe(1);
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[0]).toContain('Browser rig');
    expect(cells[0]).toContain('browser-rig');
    expect(cells[1]).toBe('online');
    expect(cells[2]).toMatch(/^\d+%$/);
    expect(cells[3]).toMatch(/iB \/ .*iB$/);
    expect(cells[6]).toMatch(/ago$/);
    expect(await page.title()).toBe('nodetally — 1 device');
    const headers = await page.locator('th[scope="col"]').count();
    expect(headers).toBe(7);
    await page.screenshot({ path: join(tmpdir(), 'nodetally-fleet.png') });
  });

  it('on a phone-sized screen hides the wide columns but keeps state and last seen', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 700 } });
    await page.goto(hub.httpUrl);
    expect(await page.locator('th', { hasText: 'Disk' }).isVisible()).toBe(false);
    expect(await page.locator('th', { hasText: 'State' }).isVisible()).toBe(true);
    expect(await page.locator('th', { hasText: 'Last seen' }).isVisible()).toBe(true);
  });
});
