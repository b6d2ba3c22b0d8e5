import dgram from 'node:dgram';
import { expect, gotoArea, snap, test } from '../fixtures';

function freeUdpPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.bind(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });
}

test('configure a UDP source, schema, rule and UDP target in the UI; the simulator feeds it and the target receives', async ({ page }) => {
  test.setTimeout(90_000);
  // The real receiver behind the UDP target.
  const receiver = dgram.createSocket('udp4');
  const received: Array<{ id: string; sourceId: string; fields: Record<string, unknown> }> = [];
  receiver.on('message', (m) => received.push(JSON.parse(m.toString())));
  await new Promise<void>((r) => receiver.bind(0, '127.0.0.1', () => r()));
  const targetPort = receiver.address().port;
  const sourcePort = await freeUdpPort();
  try {
    // The demo station is live at once: its source is running and counting.
    await gotoArea(page, 'sources');
    await expect(page.getByTestId('source-state-rtu-udp')).toHaveText('running');
    await expect.poll(async () => Number((await page.getByTestId('source-decoded-rtu-udp').innerText()).replace(/\D/g, '')), { timeout: 10_000 }).toBeGreaterThan(0);

    // Target
    await gotoArea(page, 'targets');
    await page.getByTestId('target-new').click();
    await page.getByTestId('tgt-id').fill('scada-udp');
    await page.getByTestId('tgt-port').fill(String(targetPort));
    // Delivery policy: fewer attempts per message and a quicker breaker than the defaults.
    await expect(page.getByTestId('tgt-retry-maxAttempts')).toHaveValue('5');
    await page.getByTestId('tgt-retry-maxAttempts').fill('3');
    await page.getByTestId('tgt-breaker-failureThreshold').fill('2');
    await snap(page, 'gateway-target-editor');
    await page.getByTestId('target-save').click();
    await expect(page.getByTestId('target-row-scada-udp')).toBeVisible();
    await page.getByTestId('target-edit-scada-udp').click();
    await expect(page.getByTestId('tgt-retry-maxAttempts')).toHaveValue('3');
    await expect(page.getByTestId('tgt-breaker-failureThreshold')).toHaveValue('2');
    await expect(page.getByTestId('tgt-breaker-cooldownMs')).toHaveValue('5000');
    await page.getByRole('button', { name: 'Cancel' }).click();

    // Source bound to the reference schema
    await gotoArea(page, 'sources');
    await page.getByTestId('source-new').click();
    await page.getByTestId('src-id').fill('field-rtu');
    await page.getByTestId('src-kind').selectOption('udp');
    await page.getByTestId('src-schema').selectOption('pump-telemetry');
    await page.getByTestId('src-port').fill(String(sourcePort));
    await page.getByTestId('source-save').click();
    await expect(page.getByTestId('source-state-field-rtu')).toHaveText('running');

    // Rule: field-* with a condition from the field picker -> scada-udp
    await gotoArea(page, 'routing');
    await page.getByTestId('rule-new').click();
    await page.getByTestId('rule-id').fill('to-scada');
    await page.getByTestId('rule-source').fill('field-*');
    await page.getByTestId('cond-field').selectOption('flow_rate');
    await page.getByTestId('cond-op').selectOption('>');
    await page.getByTestId('cond-value').fill('1');
    await page.getByTestId('cond-set').click();
    await expect(page.getByTestId('rule-condition')).toHaveValue('flow_rate > 1');
    await page.getByTestId('rule-target-project-store').uncheck({ force: true });
    await page.getByTestId('rule-target-scada-udp').check({ force: true });
    // A broken expression is refused inline, naming the rule and field.
    await page.getByTestId('rule-condition').fill('flow_rate >');
    await expect(page.getByTestId('rule-condition-error')).toContainText("Rule 'to-scada' match.condition");
    await expect(page.getByTestId('rules-save')).toBeDisabled();
    await page.getByTestId('rule-condition').fill('flow_rate > 1');
    await expect(page.getByTestId('rule-condition-error')).toHaveCount(0);
    await page.getByTestId('rules-save').click();
    await expect(page.getByTestId('rules-save')).toBeDisabled();
    // Dry run with the reference frame.
    await page.getByTestId('dry-source').fill('field-rtu');
    await page.getByTestId('dry-hex').fill('AA550107123467748580FFDD01E200ED01820FAC128E02AC0227439C40004196000040100000449A5000000D0000000000000000000000000000000000003E1E');
    await page.getByTestId('dry-run-go').click();
    await expect(page.getByTestId('dry-results')).toContainText('condition true: flow_rate > 1 (flow_rate=312.5)');
    await expect(page.getByTestId('dry-results')).toContainText("source 'field-rtu' does not match 'rtu-*'");
    await snap(page, 'gateway-routing');

    // Point the simulator at the new source and start it.
    await gotoArea(page, 'sources');
    await page.getByTestId('sim-stop').click();
    await page.getByTestId('sim-port').fill(String(sourcePort));
    await page.getByTestId('sim-rate').fill('50');
    await page.getByTestId('sim-start').click();
    await expect(page.getByTestId('sim-state')).toHaveText('running');
    await expect.poll(async () => Number((await page.getByTestId('source-decoded-field-rtu').innerText()).replace(/\D/g, '')), { timeout: 10_000 }).toBeGreaterThan(20);
    await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThan(20);
    expect(received[0]!.sourceId).toBe('field-rtu');
    expect(received[0]!.fields.flow_rate as number).toBeGreaterThan(1);
    expect(new Set(received.map((r) => r.id)).size).toBe(received.length);
    await page.getByTestId('frame-row').first().click();
    await expect(page.getByTestId('frame-fields')).toContainText('discharge_pressure');
    await snap(page, 'gateway-sources');

    await gotoArea(page, 'targets');
    await expect.poll(async () => Number((await page.getByTestId('target-delivered-scada-udp').innerText()).replace(/\D/g, '')), { timeout: 10_000 }).toBeGreaterThan(20);
    await expect(page.getByTestId('target-health-scada-udp')).toHaveText('ok');
    await snap(page, 'gateway-targets');

    await gotoArea(page, 'overview');
    await expect(page.getByTestId('pipeline-card')).toBeVisible();
    await expect.poll(async () => Number((await page.getByTestId('pipeline-delivered').innerText()).replace(/\D/g, '')), { timeout: 10_000 }).toBeGreaterThan(20);
    await snap(page, 'gateway-overview');
  } finally {
    receiver.close();
  }
});
