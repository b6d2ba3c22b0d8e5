import { expect, gotoArea, snap, test } from '../fixtures';
import { rpcCall } from '../rpc';


test('maintenance mode and shelving go through dialogs with reasons; the alarm sound setting persists', async ({ page, app }) => {
  await gotoArea(page, 'alarms');

  // Maintenance: the switch opens the dialog; no reason, no maintenance.
  await page.getByTestId('maintenance-toggle').click({ force: true });
  await expect(page.getByTestId('maintenance-note')).toContainText('stay armed');
  await page.getByTestId('maintenance-confirm').click();
  await expect(page.getByRole('dialog')).toContainText('A reason is required');
  await page.getByTestId('maintenance-reason').fill('Replacing P1 bearing, permit 4471');
  await page.getByTestId('maintenance-duration-1').check({ force: true });
  await page.getByTestId('maintenance-by').fill('E2E Tester');
  await snap(page, 'alarms-maintenance-dialog');
  await page.getByTestId('maintenance-confirm').click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const banner = page.getByTestId('maintenance-on');
  await expect(banner).toContainText('Replacing P1 bearing, permit 4471 — by E2E Tester');
  await expect(banner).toContainText(/ends .*min left/);
  await expect(page.getByTestId('maintenance-toggle')).toBeChecked();
  const state = await rpcCall<{ enabled: boolean; reason: string; until?: number; since?: number }>(app.url, 'monitor.maintenance.get', {});
  expect(state.enabled).toBe(true);
  expect(state.until! - state.since!).toBe(60 * 60_000);

  // Shelve a rule with a reason; it is listed with who/why/until, then unshelved.
  await page.getByTestId('tab-rules').click();
  await expect(page.getByTestId('rule-state-motor_temp_high')).toContainText('suppressed (maintenance)');
  await page.getByTestId('shelve-motor_temp_high').click();
  await page.getByTestId('shelve-confirm').click();
  await expect(page.getByRole('dialog')).toContainText('A reason is required');
  await page.getByTestId('shelve-duration-240').check({ force: true });
  await page.getByTestId('shelve-reason').fill('TT-101 sensor being replaced');
  await page.getByTestId('shelve-by').fill('E2E Tester');
  await snap(page, 'alarms-shelve-dialog');
  await page.getByTestId('shelve-confirm').click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('rule-state-motor_temp_high')).toContainText('shelved until');
  await expect(page.getByTestId('rule-state-motor_temp_high')).toContainText('TT-101 sensor being replaced — by E2E Tester');
  await expect(page.getByTestId('shelved-motor_temp_high')).toContainText(/h left/);
  await snap(page, 'alarms-shelved');
  const rules = await rpcCall<Array<{ id: string; shelvedUntil?: number }>>(app.url, 'monitor.alarmRules.list', {});
  const shelvedUntil = rules.find((r) => r.id === 'motor_temp_high')?.shelvedUntil ?? 0;
  expect(shelvedUntil - Date.now()).toBeGreaterThan(239 * 60_000);
  expect(shelvedUntil - Date.now()).toBeLessThanOrEqual(240 * 60_000);

  await page.getByTestId('unshelve-motor_temp_high').click();
  await expect(page.getByTestId('shelved-summary')).toHaveCount(0);
  await expect(page.getByTestId('rule-state-motor_temp_high')).toContainText('suppressed (maintenance)');

  // Both changes are in the audit trail with their reasons.
  const audit = await rpcCall<{ events: Array<{ type: string; data: { comment?: string; reason?: string; minutes?: number } }> }>(app.url, 'events.query', { type: 'config.monitor.*', limit: 50 });
  expect(audit.events.some((e) => e.type === 'config.monitor.alarmRule.shelved' && e.data.comment === 'TT-101 sensor being replaced — by E2E Tester' && e.data.minutes === 240)).toBe(true);
  expect(audit.events.some((e) => e.type === 'config.monitor.maintenance' && e.data.reason === 'Replacing P1 bearing, permit 4471 — by E2E Tester')).toBe(true);

  // Alarm sound: off by default, kept across reloads.
  await expect(page.getByTestId('alarm-sound-toggle')).not.toBeChecked();
  await page.getByTestId('alarm-sound-toggle').check({ force: true });
  await page.reload();
  await gotoArea(page, 'alarms');
  await expect(page.getByTestId('alarm-sound-toggle')).toBeChecked();
  expect(await page.evaluate(() => localStorage.getItem('swb.alarmSound'))).toBe('on');
  await expect(page.getByTestId('maintenance-on')).toContainText('Replacing P1 bearing');
  await snap(page, 'alarms-maintenance-on');

  // Leaving maintenance mode.
  await page.getByTestId('maintenance-leave').click();
  await expect(page.getByTestId('maintenance-on')).toHaveCount(0);
  await expect(page.getByTestId('maintenance-toggle')).not.toBeChecked();
  await page.getByTestId('tab-rules').click();
  await expect(page.getByTestId('rule-state-motor_temp_high')).toContainText('armed');
  expect(app.consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
});

test('Storage tab: retention is validated, saved, audited and kept across a reload; storage numbers are shown', async ({ page, app }) => {
  await gotoArea(page, 'monitor');
  await page.getByTestId('tab-storage').click();
  await expect(page.getByTestId('storage-raw')).toContainText('rows');
  await expect(page.getByTestId('storage-db')).toContainText('in memory');
  await expect(page.getByTestId('storage-growth')).toContainText('/ day');
  // The demo station simulator feeds the channels: rows appear and a rate is measured.
  await page.getByTestId('storage-refresh').click();
  await expect.poll(async () => Number(((await page.getByTestId('storage-raw').textContent()) ?? '').replace(/[^0-9].*$/, '').replace(/,/g, '')), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('storage-ch-flow_rate')).toBeVisible();
  // The demo runs 16 channels at 10 Hz: with the default 6 h of raw samples it settles inside the default budget.
  await expect(page.getByTestId('storage-budget-ok').or(page.getByTestId('storage-budget-warning'))).toBeVisible();
  await snap(page, 'monitor-storage-defaults');

  // Bad input: inline message naming the bound, Save disabled.
  const raw = page.getByTestId('storage-rawRetentionHours');
  await expect(raw).toHaveValue('6');
  await raw.fill('0');
  await expect(page.getByTestId('storage-view')).toContainText('Between 0.1 and 8,760 hours');
  await expect(page.getByTestId('storage-save')).toBeDisabled();
  await raw.fill('abc');
  await expect(page.getByTestId('storage-view')).toContainText('“abc” is not a number');
  await raw.fill('4');
  await expect(page.getByTestId('storage-draft-projection')).toContainText('settle at about');
  await page.getByTestId('storage-save').click();
  await expect(page.getByTestId('storage-saved')).toBeVisible();
  // 4 h of raw samples at the demo's rate settle well inside the budget.
  await expect(page.getByTestId('storage-budget-ok')).toBeVisible();
  await snap(page, 'monitor-storage');

  // A tight budget with a year of raw retention: the warning says so and when.
  await page.getByTestId('storage-rawRetentionHours').fill('8760');
  await page.getByTestId('storage-storageBudgetMiB').fill('16');
  await page.getByTestId('storage-save').click();
  await expect(page.getByTestId('storage-saved')).toBeVisible();
  await expect(page.getByTestId('storage-budget-warning')).toContainText(/exceed|nearing/);
  await snap(page, 'monitor-storage-over-budget');
  await page.getByTestId('storage-rawRetentionHours').fill('4');
  await page.getByTestId('storage-storageBudgetMiB').fill('192');
  await page.getByTestId('storage-save').click();
  await expect(page.getByTestId('storage-saved')).toBeVisible();

  // Kept across a reload, and in the audit trail.
  await page.reload();
  await gotoArea(page, 'monitor');
  await page.getByTestId('tab-storage').click();
  await expect(page.getByTestId('storage-rawRetentionHours')).toHaveValue('4');
  await expect(page.getByTestId('storage-storageBudgetMiB')).toHaveValue('192');
  const settings = await rpcCall<{ rawRetentionHours: number; storageBudgetMiB?: number }>(app.url, 'monitor.settings.get', {});
  expect(settings).toMatchObject({ rawRetentionHours: 4, storageBudgetMiB: 192 });
  const audit = await rpcCall<{ events: Array<{ data: { changed: Record<string, { from: unknown; to: unknown }> } }> }>(app.url, 'events.query', { type: 'config.monitor.settings.updated', limit: 10 });
  expect(audit.events.at(-1)?.data.changed.rawRetentionHours).toEqual({ from: 6, to: 4 });
  await snap(page, 'monitor-storage-reloaded');
  expect(app.consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
});
