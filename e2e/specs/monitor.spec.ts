import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, gotoArea, snap, test } from '../fixtures';
import { rpcCall } from '../rpc';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The demo's channels are driven by the gateway's station simulator (src/main/sim). */
const hasSimulator = existsSync(path.join(root, 'src', 'main', 'sim'));


test('the demo dashboard shows moving values from the station simulator; zoom out fills history from the store', async ({ page, app }) => {
  test.skip(!hasSimulator, 'needs the gateway station simulator (src/main/sim)');
  await gotoArea(page, 'monitor');
  await expect(page.getByTestId('live-indicator')).toHaveText('Live', { timeout: 20_000 });
  const tile = page.getByTestId('tile-p-flow-flow_rate');
  await expect(tile).not.toHaveText(/—/);
  const first = await tile.textContent();
  await expect.poll(async () => tile.textContent(), { timeout: 10_000 }).not.toBe(first);
  await expect.poll(async () => Number(await page.getByTestId('chart-p-press').getAttribute('data-points')), { timeout: 10_000 }).toBeGreaterThan(5);
  await expect.poll(async () => Number(await page.getByTestId('xy-p-xy').getAttribute('data-points')), { timeout: 10_000 }).toBeGreaterThan(5);
  await snap(page, 'monitor-dashboard');
  // Zoom out: the chart leaves live mode and shows the stored range.
  await page.getByTestId('chart-p-press-zoom-out').click();
  await expect(page.getByTestId('chart-p-press-live')).not.toHaveClass(/bp6-active/);
  await page.getByTestId('chart-p-press-live').click();
  // Pause freezes the view; resume continues.
  await page.getByTestId('monitor-pause').click();
  await expect(page.getByTestId('monitor-pause')).toHaveText(/Resume/);
  await page.getByTestId('monitor-pause').click();
  await page.getByTestId('tab-channels').click();
  await expect(page.getByTestId('channel-value-flow_rate')).not.toHaveText(/—/);
  await page.getByTestId('channels-table').getByText('Flow rate').click();
  await expect(page.getByTestId('channel-stats')).toContainText('count');
  await snap(page, 'monitor-channels');
  expect(app.consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
});

test('an injected fault raises an alarm, which is acknowledged with a comment and clears', async ({ page, app }) => {
  test.skip(!hasSimulator, 'needs the gateway station simulator (src/main/sim)');
  await gotoArea(page, 'alarms');
  await page.getByTestId('tab-rules').click();
  await page.getByTestId('rule-new').click();
  await page.getByTestId('rule-name').fill('Flow telemetry lost');
  await page.getByTestId('rule-kind').selectOption('stale');
  await page.getByTestId('rule-channel').selectOption('flow_rate');
  await page.getByTestId('rule-stale').fill('2000');
  await page.getByTestId('rule-severity').selectOption('critical');
  await page.getByTestId('rule-save').click();
  await expect(page.getByTestId('rules-table')).toContainText('Flow telemetry lost');
  // Fault: the RTU goes silent (the simulator stops sending).
  await rpcCall(app.url, 'gateway.sim.control', { action: 'stop' });
  await page.getByTestId('tab-active').click();
  const row = page.getByTestId('active-alarms').locator('tr', { hasText: 'Flow telemetry lost' });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row).toContainText('active');
  await snap(page, 'alarms-active');
  await row.getByRole('button', { name: 'Acknowledge' }).click();
  await page.getByTestId('ack-comment').fill('RTU restarted by field tech');
  await page.getByTestId('ack-confirm').click();
  await expect(row).not.toContainText('unacknowledged');
  // Recovery: telemetry resumes, the acknowledged alarm clears and leaves the active list.
  await rpcCall(app.url, 'gateway.sim.control', { action: 'start' });
  await expect(page.getByTestId('active-alarms').locator('tr', { hasText: 'Flow telemetry lost' })).toHaveCount(0, { timeout: 15_000 });
  await page.getByTestId('tab-history').click();
  const hist = page.getByTestId('alarm-history').locator('tr', { hasText: 'Flow telemetry lost' }).first();
  await expect(hist).toContainText('returned to normal');
  await expect(hist).toContainText('RTU restarted by field tech');
  await snap(page, 'alarms-history');
});

test('a device announcing itself over UDP goes offline when its heartbeats stop', async ({ page }) => {
  await gotoArea(page, 'devices');
  await page.getByTestId('dev-stale').fill('1');
  await page.getByTestId('dev-offline').fill('2');
  await page.getByTestId('dev-udp').fill('0');
  const before = await page.getByTestId('udp-listener').textContent();
  await page.getByTestId('dev-apply').click();
  // The listener moves to a free port; the Devices page shows which.
  await expect(page.getByTestId('udp-listener')).not.toHaveText(before ?? '', { timeout: 10_000 });
  const udpPort = async () => Number(/127\.0\.0\.1:(\d+)/.exec((await page.getByTestId('udp-listener').textContent()) ?? '')?.[1] ?? 0);
  const socket = createSocket('udp4');
  const beat = async () => {
    const port = await udpPort();
    if (port > 0) await new Promise<void>((r) => socket.send(JSON.stringify({ v: 1, deviceId: 'collector-7', name: 'Collector 7', kind: 'collector', firmware: '1.8.2', uptimeS: 5400, metrics: { cpu_pct: 11.5, queue_depth: 2 } }), port, '127.0.0.1', () => r()));
  };
  // A device sends heartbeats periodically (every 300 ms here).
  const timer = setInterval(() => void beat().catch(() => undefined), 300);
  const row = page.getByTestId('device-collector-7');
  try {
    await expect(row.getByTestId('device-status')).toHaveText('online', { timeout: 10_000 });
    await row.click();
    await expect(page.getByTestId('device-metrics')).toContainText('cpu_pct');
    await snap(page, 'devices-detail');
    await page.keyboard.press('Escape');
  } finally {
    // Heartbeats stop: stale, then offline.
    clearInterval(timer);
    socket.close();
  }
  await expect(row.getByTestId('device-status')).toHaveText('offline', { timeout: 10_000 });
  await snap(page, 'devices-offline');
});

test('a recording of chosen channels becomes a dataset', async ({ page }) => {
  test.skip(!hasSimulator, 'needs the gateway station simulator (src/main/sim)');
  await gotoArea(page, 'monitor');
  await page.getByTestId('tab-recordings').click();
  await page.getByTestId('rec-name').fill('Step test e2e');
  await page.getByTestId('rec-channels').getByText('Flow rate [m3/h]').click();
  await page.getByTestId('rec-channels').getByText('Pump head [m]').click();
  await page.getByTestId('rec-start').click();
  await expect(page.getByTestId('rec-stop-Step test e2e')).toBeVisible();
  await page.waitForTimeout(2500);
  await page.getByTestId('rec-stop-Step test e2e').click();
  await expect(page.getByTestId('rec-dataset-Step test e2e')).not.toHaveText('—', { timeout: 10_000 });
  await expect(page.getByTestId('rec-table')).toContainText('stopped');
  await snap(page, 'monitor-recordings');
});
