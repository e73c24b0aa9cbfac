import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addDeviceCredential,
  databasePath,
  hubConfig,
  openSqliteStore,
  type RunningHub,
  startHub,
} from '@nodetally/hub';
import { pino } from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { loginInBrowser } from '../support/hub-auth.js';
import { agentCli, repoRoot, runToEnd, startNode, stopAll } from '../support/processes.js';
import { waitFor } from '../support/wait.js';
import { seedFleet } from './seed-fleet.js';

const PASSWORD = 'browser-test-password';
const SHOTS = join(repoRoot, 'test-results', 'screenshots');

/** Pixels of `canvas` within a small distance of the colour `hex`: what uPlot drew for that series. */
async function pixelsOf(page: Page, chartId: string, hex: string): Promise<number> {
  return page.evaluate(
    ({ chartId, hex }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`#${chartId} canvas`);
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return -1;
      const want = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        const d = Math.abs((data[i] ?? 0) - (want[0] ?? 0)) + Math.abs((data[i + 1] ?? 0) - (want[1] ?? 0));
        if (d + Math.abs((data[i + 2] ?? 0) - (want[2] ?? 0)) < 40 && (data[i + 3] ?? 0) > 200) n++;
      }
      return n;
    },
    { chartId, hex },
  );
}

const dollars = (text: string | null) =>
  Number(
    String(text)
      .replace(/[^0-9.−-]/g, '')
      .replace('−', '-'),
  );

describe('web page in headless Chromium, on a hub with real telemetry, rewards and prices', () => {
  let hub: RunningHub;
  let browser: Browser;
  let desktop: BrowserContext;
  const dataDir = mkdtempSync(join(tmpdir(), 'nt-web-'));

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const built = await runToEnd(process.execPath, [join(repoRoot, 'hub/web/build.mjs')]);
    if (built.code !== 0) throw new Error(`web build failed: ${built.stderr}`);
    const seedStore = openSqliteStore(databasePath(dataDir));
    await seedFleet(seedStore);
    await seedStore.close();
    hub = await startHub(
      hubConfig({
        dataDir,
        httpPort: 0,
        mqttPort: 0,
        logLevel: 'silent',
        adminPassword: PASSWORD,
        tariffs: [{ effectiveFrom: '2020-01-01', pricePerKwh: '0.10' }],
      }),
      pino({ level: 'silent' }),
    );
    browser = await launchChromium();
    desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    desktop.setDefaultTimeout(10_000);
    const login = await desktop.newPage();
    await loginInBrowser(login, hub.httpUrl, PASSWORD);
    await login.close();
  }, 60_000);

  // Each open page holds a live stream; Chromium allows 6 connections per host over HTTP/1.1.
  afterEach(async () => {
    for (const page of desktop?.pages() ?? []) await page.close();
  });

  afterAll(async () => {
    await browser?.close();
    await stopAll();
    await hub?.close();
  });

  it('the fleet shows each machine’s status and net $, and which one costs more than it earns', async () => {
    const page = await desktop.newPage();
    await page.goto(hub.httpUrl);
    const rig = page.locator('tr[data-device-id="gpu-rig"]');
    const pi = page.locator('tr[data-device-id="pi-hotspot"]');
    await rig.waitFor();
    // A month to date of GPU rendering at ~$7/RENDER beats ~0.7 kW at $0.10/kWh; the Pi's HNT does not pay its 7 W.
    const rigMonth = rig.locator('[data-net-month]');
    await waitFor('rig month net', async () => dollars(await rigMonth.textContent()) > 0);
    expect(await rigMonth.getAttribute('class')).toContain('money-pos');
    expect(await rig.locator('.spark').getAttribute('aria-label')).toMatch(/^net per day over \d+ days/);
    expect(await rig.textContent()).toContain('render');
    expect(await page.locator('[data-total-net="This month"]').textContent()).toMatch(/^−?\$[0-9,]+\.\d\d$/);
    expect(await pi.locator('[data-net-month]').textContent()).toMatch(/\$/);
    expect(await page.title()).toBe('Fleet · nodetally');
    // Search filters without a request.
    await page.getByLabel('Search').fill('pi-');
    await expect(rig.count()).resolves.toBe(0);
    await expect(pi.count()).resolves.toBe(1);
    await page.getByLabel('Search').fill('');
    await page.screenshot({ path: join(SHOTS, 'fleet-desktop-light.png'), fullPage: true });
    // Sorting by a money column orders the rows by it, and the sorted column's header says so (aria-sort).
    const header = (name: string) => page.locator('table.fleet thead th', { hasText: name });
    expect(await header('Today').getAttribute('aria-sort')).toBe('descending');
    await page.getByLabel('Sort by').selectOption('net_month');
    await page.getByRole('button', { name: '↓ desc' }).click();
    expect(await header('Month').getAttribute('aria-sort')).toBe('ascending');
    expect(await header('Today').getAttribute('aria-sort')).toBeNull();
    // A month cell also holds the projection ("$104.54 → $784"): read its first amount only.
    const monthCells = await page.locator('table.fleet tbody [data-net-month]').allTextContents();
    const monthNets = monthCells.map((t) => dollars(t.match(/−?\$[0-9,]+\.\d\d/)?.[0] ?? null));
    expect(monthNets.length).toBeGreaterThan(1);
    expect(monthNets).toEqual([...monthNets].sort((a, b) => a - b));
    expect(monthNets[0]).toBeLessThan(monthNets[monthNets.length - 1] ?? 0);
  });

  it('a live agent appears on the open fleet page without a reload (server-sent events)', async () => {
    const page = await desktop.newPage();
    await page.goto(hub.httpUrl);
    await page.locator('tr[data-device-id="gpu-rig"]').waitFor();
    const credential = await addDeviceCredential(hub.store, 'Browser rig', 'browser-rig');
    startNode(
      agentCli,
      [
        'run',
        '--hub-url',
        hub.mqttUrl,
        '--interval-s',
        '1',
        '--state-dir',
        mkdtempSync(join(tmpdir(), 'nt-web-agent-')),
      ],
      {
        NODETALLY_DEVICE_ID: 'browser-rig',
        NODETALLY_PASSWORD: credential?.token ?? '',
        NODETALLY_LOG_LEVEL: 'warn',
      },
    );
    const row = page.locator('tr[data-device-id="browser-rig"]');
    await row.waitFor({ timeout: 20_000 });
    await waitFor('live row online', async () =>
      String(await row.locator('.status').textContent()).includes('online'),
    );
  });

  it('a device page draws its telemetry and earnings charts and links each reward to its explorer', async () => {
    const page = await desktop.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(hub.httpUrl);
    await page.locator('tr[data-device-id="gpu-rig"] a').first().click();
    await page.waitForURL(/\/devices\/gpu-rig$/);
    await page.locator('#chart-cpu canvas').waitFor();
    await page.getByRole('button', { name: '7d' }).click();
    await page.locator('#chart-gpu-util canvas').waitFor();
    await waitFor(
      'two GPU series',
      async () => (await page.locator('#chart-gpu-util').getAttribute('data-series')) === '2',
    );
    expect(Number(await page.locator('#chart-gpu-util').getAttribute('data-points'))).toBeGreaterThan(24);
    await waitFor('CPU line drawn', async () => (await pixelsOf(page, 'chart-cpu', '#2f80ed')) > 100);
    await waitFor('GPU 0 line drawn', async () => (await pixelsOf(page, 'chart-gpu-util', '#2f80ed')) > 100);
    for (const id of ['chart-online', 'chart-temp', 'chart-power', 'chart-net', 'chart-earnings'])
      await page.locator(`#${id} canvas`).waitFor();
    expect(await page.locator('#chart-power [role="img"]').getAttribute('aria-label')).toMatch(
      /^Power: total average \d+/,
    );
    await waitFor('gross bars drawn', async () => (await pixelsOf(page, 'chart-earnings', '#2f80ed')) > 50);
    const tx = page.locator('table.rewards td.tx a').first();
    expect(await tx.getAttribute('href')).toMatch(/^https:\/\/.*solana|explorer|solscan/);
    expect(await tx.getAttribute('rel')).toContain('noopener');
    await page.screenshot({ path: join(SHOTS, 'device-desktop-light.png'), fullPage: true });
    // Under the hub's CSP ('self' only): no violation, no script error.
    expect(problems).toEqual([]);
  });

  it('a higher tariff saved on the settings page lowers the device’s net $', async () => {
    const page = await desktop.newPage();
    await page.goto(`${hub.httpUrl}/devices/gpu-rig`);
    const net = page.locator('[data-device-net]');
    await net.waitFor();
    const before = dollars(await net.textContent());
    const energyBefore = dollars(await page.locator('[data-device-energy]').textContent());
    expect(energyBefore).toBeGreaterThan(0);

    await page.getByRole('link', { name: 'Settings' }).click();
    const price = page.getByLabel('Tariff 1 price per kWh');
    await price.waitFor();
    expect(await price.inputValue()).toBe('0.10');
    await price.fill('0.50');
    await page.getByLabel(/Also recompute past days/).check();
    await page.getByRole('button', { name: 'Save tariffs' }).click();
    await page.getByText('Saved. Earnings are being recomputed.').waitFor();

    await page.getByRole('link', { name: 'Fleet' }).click();
    await page.goto(`${hub.httpUrl}/devices/gpu-rig`);
    await waitFor('net after the new tariff', async () => dollars(await net.textContent()) < before - 1);
    // Five times the price: energy cost ×5, so net drops by 4× the old energy cost (to the cent).
    const after = dollars(await net.textContent());
    expect(after).toBeCloseTo(before - 4 * energyBefore, 1);
  });

  it('add a device shows the one-line install command with a fresh token', async () => {
    const page = await desktop.newPage();
    await page.goto(`${hub.httpUrl}/settings`);
    await page.getByRole('button', { name: 'Show install command' }).click();
    const command = await page.locator('[data-install-command]').textContent();
    expect(command).toMatch(
      /^curl -fsSL http:\/\/127\.0\.0\.1:\d+\/install\.sh \| sudo sh -s -- --token \S{16,}$/,
    );
  });

  it('on a phone in dark mode the fleet becomes cards that fit the screen; the toggle switches to light', async () => {
    const phone = await browser.newContext({
      viewport: { width: 375, height: 740 },
      colorScheme: 'dark',
      isMobile: true,
      hasTouch: true,
    });
    const page = await phone.newPage();
    await loginInBrowser(page, hub.httpUrl, PASSWORD);
    await page.locator('tr[data-device-id="gpu-rig"]').waitFor();
    expect(await page.locator('table.fleet thead').isVisible()).toBe(false);
    expect(await page.locator('tr[data-device-id="gpu-rig"] [data-net-today]').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await bg()).toBe('rgb(15, 17, 21)');
    await page.screenshot({ path: join(SHOTS, 'fleet-phone-dark.png'), fullPage: true });
    await page.goto(`${hub.httpUrl}/devices/gpu-rig`);
    await page.locator('#chart-cpu canvas').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(SHOTS, 'device-phone-dark.png'), fullPage: true });

    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    expect(await bg()).toBe('rgb(246, 247, 249)');
    await page.reload();
    await page.locator('#chart-cpu canvas').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await phone.close();
  });

  it('the earnings page tabulates each month’s money and each network’s gross, largest first', async () => {
    const page = await desktop.newPage();
    await page.goto(`${hub.httpUrl}/earnings`);
    const months = page.locator('h2:text-is("Per month") + .table-wrap tbody tr');
    await waitFor('six months listed', async () => (await months.count()) === 6);
    for (const row of await months.all()) {
      const [gross, energy, kwh, fixed, net] = (await row.locator('td').allTextContents()).map(dollars);
      expect(kwh).toBeGreaterThanOrEqual(0);
      expect(net).toBeCloseTo((gross ?? 0) - (energy ?? 0) - (fixed ?? 0), 1);
    }
    const lastNet = months.last().locator('td').last();
    const tone = dollars(await lastNet.textContent()) > 0 ? 'money-pos' : 'money-neg';
    expect(await lastNet.getAttribute('class')).toContain(tone);
    // Networks are ordered by their gross over the months shown, a money column sort.
    const networks = page.locator('h2:text-is("Per network (gross)") + .table-wrap tbody tr');
    const totals: Array<[string, number]> = [];
    for (const row of await networks.all()) {
      const cells = (await row.locator('td').allTextContents()).map(dollars);
      totals.push([String(await row.locator('th').textContent()), cells.reduce((a, b) => a + b, 0)]);
    }
    expect(totals.map(([n]) => n)).toEqual(['render', 'helium']);
    expect(totals.map(([, t]) => t)).toEqual(totals.map(([, t]) => t).sort((a, b) => b - a));
    await page.getByLabel('Months').selectOption('3');
    await waitFor('three months listed', async () => (await months.count()) === 3);
  });

  it('the keyboard reaches the skip link first and every page has a heading and named controls', async () => {
    const page = await desktop.newPage();
    await page.goto(`${hub.httpUrl}/earnings`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    for (const path of ['/', '/earnings', '/alerts', '/settings', '/devices/gpu-rig']) {
      await page.goto(`${hub.httpUrl}${path}`);
      await page.locator('h1').waitFor();
      const unnamed = await page.evaluate(
        () =>
          [...document.querySelectorAll('input, select, button')].filter((el) => {
            const e = el as HTMLInputElement;
            return !(e.labels?.length || e.getAttribute('aria-label') || e.textContent?.trim());
          }).length,
      );
      expect(unnamed, path).toBe(0);
    }
    await page.goto(`${hub.httpUrl}/earnings`);
    await page.locator('#chart-months canvas').waitFor();
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toMatch(
      /^\/api\/v1\/earnings\.csv\?from=\d{4}-\d\d-01&to=\d{4}-\d\d-\d\d$/,
    );
    await page.screenshot({ path: join(SHOTS, 'earnings-desktop-light.png'), fullPage: true });
    await page.goto(`${hub.httpUrl}/alerts`);
    await page.locator('#rules-h').waitFor();
    await page.screenshot({ path: join(SHOTS, 'alerts-desktop-light.png'), fullPage: true });
  });
});
