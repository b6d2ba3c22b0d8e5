import { createSocket } from 'node:dgram';
import WebSocket from 'ws';
import { expect, gotoArea, snap, test } from '../fixtures';
import { rpcCall } from '../rpc';


test('alarm events are forwarded to a chosen gateway target: a UDP receiver gets the raised alarm', async ({ page, app }) => {
  // The receiver: a real UDP socket standing in for a SCADA alarm gateway.
  const received: Array<{ transition: string; alarm: { ruleId: string; severity: string } }> = [];
  const udp = createSocket('udp4');
  udp.on('message', (m) => received.push(JSON.parse(m.toString('utf8'))));
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
  const port = udp.address().port;
  try {
    await rpcCall(app.url, 'gateway.targets.save', { target: { id: 'alarm-udp', name: 'SCADA alarm receiver', kind: 'udp', host: '127.0.0.1', port } });

    await gotoArea(page, 'alarms');
    await page.getByTestId('tab-rules').click();
    const card = page.getByTestId('alarm-forwarding');
    await expect(card).toBeVisible();
    await expect(card.getByTestId('fwd-target-alarm-udp')).toBeVisible();
    await expect(card.getByTestId('fwd-target-project-store')).toBeVisible();

    // Turning it on without a target is refused with a clear message.
    await card.getByTestId('fwd-enabled').click({ force: true });
    await card.getByTestId('fwd-save').click();
    await expect(card.getByTestId('fwd-error')).toContainText('at least one target');

    await card.getByTestId('fwd-target-alarm-udp').click({ force: true });
    await card.getByTestId('fwd-severity').selectOption('major');
    await card.getByTestId('fwd-transition-escalated').click({ force: true });
    await card.getByTestId('fwd-save').click();
    await expect(card.getByTestId('fwd-save')).toHaveText('Saved');
    await expect(card.getByTestId('fwd-error')).toHaveCount(0);

    // A test event checks the link before any real alarm: marked test, sent whatever the filters say.
    await card.getByTestId('fwd-test').click();
    await expect(card.getByTestId('fwd-test-result')).toContainText('queued to alarm-udp');
    await expect.poll(() => received.find((m) => (m as { test?: boolean }).test === true)?.alarm.severity, { timeout: 20_000 }).toBe('info');

    // A rule that holds at once while the station simulator runs the pump.
    await rpcCall(app.url, 'monitor.alarmRules.create', { id: 'e2e_pump_running', name: 'Pump running (forwarding check)', kind: 'expression', expression: 'pump_running > 0.5', severity: 'major' });
    await expect.poll(() => received.find((m) => m.alarm.ruleId === 'e2e_pump_running')?.transition, { timeout: 20_000 }).toBe('raised');
    await expect(card.getByTestId('fwd-stats')).toContainText(/[1-9]\d* events? forwarded/, { timeout: 10_000 });
    await card.scrollIntoViewIfNeeded();
    await snap(page, 'alarm-forwarding-card');

    // Saved per project: a reload shows the same settings.
    await page.reload();
    await gotoArea(page, 'alarms');
    await page.getByTestId('tab-rules').click();
    await expect(page.getByTestId('fwd-target-alarm-udp')).toBeChecked();
    await expect(page.getByTestId('fwd-severity')).toHaveValue('major');
    await expect(page.getByTestId('fwd-transition-escalated')).toBeChecked();
  } finally {
    udp.close();
  }
});

test('the Devices page shows the WebSocket heartbeat listener; a device on it appears online', async ({ page }) => {
  await gotoArea(page, 'devices');
  await expect(page.getByTestId('dev-ws')).toBeVisible();
  // The default port may be taken on a shared machine: pick any free port from the page.
  await page.getByTestId('dev-ws').fill('0');
  await page.getByTestId('dev-apply').click();
  const listener = page.getByTestId('ws-listener');
  await expect(listener).toContainText(/ws:\/\/127\.0\.0\.1:\d+\/heartbeat/);
  const port = Number(/127\.0\.0\.1:(\d+)\/heartbeat/.exec((await listener.textContent()) ?? '')?.[1]);

  // A device keeps one socket open and sends heartbeats on it.
  const device = new WebSocket(`ws://127.0.0.1:${port}/heartbeat`);
  const replies: Array<{ ok: boolean; error?: string }> = [];
  device.on('message', (d) => replies.push(JSON.parse(String(d))));
  await new Promise((resolve, reject) => {
    device.once('open', resolve);
    device.once('error', reject);
  });
  try {
    device.send(JSON.stringify({ v: 1, deviceId: 'collector-ws', name: 'Collector (WebSocket)', kind: 'collector', firmware: '2.1.0', metrics: { cpu_pct: 7.5, queue_depth: 2 } }));
    device.send(JSON.stringify({ v: 1, deviceId: 'collector-ws', metrics: { cpu_pct: 'high' } }));
    await expect.poll(() => replies.length).toBe(2);
    expect(replies[0]).toMatchObject({ ok: true });
    expect(replies[1]!.error).toContain("metrics.cpu_pct");
    await expect(page.getByTestId('device-collector-ws')).toContainText('online', { timeout: 5000 });
    await expect(listener).toContainText('1 open, 1 received, 1 rejected', { timeout: 10_000 });
    await snap(page, 'devices-ws-listener');
  } finally {
    device.close();
  }
});

test('live telemetry: the window subscribes only to the channels its panels show', async ({ page, app }) => {
  const sent: Array<{ params?: { channelIds?: string[] } }> = [];
  const received: Array<{ at: number; ids: string[]; bytes: number }> = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => {
      const m = JSON.parse(String(f.payload)) as { t: string; event?: string; params?: { channelIds?: string[] } };
      if (m.t === 'sub' && m.event === 'monitor.live') sent.push(m);
    });
    ws.on('framereceived', (f) => {
      const text = String(f.payload);
      if (!text.includes('"monitor.live"')) return;
      const m = JSON.parse(text) as { t: string; payload: { channels: Array<{ id: string }> } };
      if (m.t === 'event') received.push({ at: Date.now(), ids: m.payload.channels.map((c) => c.id), bytes: text.length });
    });
  });
  await page.reload();
  const all = (await rpcCall<Array<{ id: string }>>(app.url, 'monitor.channels.list', {})).map((c) => c.id);
  const small = await rpcCall<{ id: string }>(app.url, 'monitor.dashboards.save', { name: 'Two tiles', panels: [{ id: 'tiles', kind: 'valueTile', title: 'Flow and temperature', channelIds: ['flow_rate', 'motor_temp'] }] });

  await gotoArea(page, 'monitor');
  await expect(page.getByTestId('live-indicator')).toHaveText('Live', { timeout: 20_000 });
  // The demo dashboard shows every channel; a dashboard of two tiles needs two.
  await page.getByTestId('dashboard-select').selectOption(small.id);
  await expect(page.getByTestId('tile-tiles-flow_rate')).not.toHaveText(/—/);
  await expect.poll(() => [...(sent.at(-1)?.params?.channelIds ?? [])].sort().join(','), { timeout: 15_000 }).toBe('flow_rate,motor_temp');
  await page.waitForTimeout(500);
  const since = Date.now();
  await page.waitForTimeout(2000);
  const window1 = received.filter((r) => r.at >= since);
  const dashBytes = window1.reduce((n, r) => n + r.bytes, 0);
  expect(new Set(window1.flatMap((r) => r.ids))).toEqual(new Set(['flow_rate', 'motor_temp']));
  await snap(page, 'monitor-two-tiles');
  const shown = new Set(['flow_rate', 'motor_temp']);

  // The Channels tab shows every channel's value: the set widens to all of them.
  await page.getByTestId('tab-channels').click();
  await expect.poll(() => new Set(sent.at(-1)?.params?.channelIds ?? []).size, { timeout: 10_000 }).toBe(all.length);
  await page.waitForTimeout(1000);
  const since2 = Date.now();
  await page.waitForTimeout(2000);
  const allBytes = received.filter((r) => r.at >= since2).reduce((n, r) => n + r.bytes, 0);
  console.log(JSON.stringify({ dashboardChannels: shown.size, allChannels: all.length, dashboardBytesPerS: Math.round(dashBytes / 2), allChannelsBytesPerS: Math.round(allBytes / 2) }));
  expect(dashBytes).toBeLessThan(allBytes);
});
