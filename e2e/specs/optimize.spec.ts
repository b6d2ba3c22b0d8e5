import { expect, gotoArea, snap, test } from '../fixtures';

test('define three pumps, optimize one demand, see the result, a Pareto front, the comparison and an operating table', async ({ page, app }) => {
  test.setTimeout(240_000);
  await gotoArea(page, 'optimize');
  // The demo project ships a station.
  await expect(page.getByTestId('station-select')).toContainText('Demo booster station');

  await page.getByTestId('station-new').click();
  await page.getByTestId('station-name').fill('Three-pump test');
  await page.getByTestId('pump-add').click();
  await page.getByTestId('pump-add').click();
  await expect(page.getByTestId('pump-table').locator('tbody tr')).toHaveCount(3);
  // Pump 2: a smaller fixed-speed peak pump.
  await page.getByTestId('pump-2-head').fill('52, 0.008, -0.0003');
  await page.getByTestId('pump-2-efficiency').fill('0, 0.0078, -0.0000195');
  await page.getByTestId('pump-2-flow-min').fill('60');
  await page.getByTestId('pump-2-flow-max').fill('260');
  await page.getByTestId('pump-2-vsd').uncheck({ force: true });
  // Pump 1: slightly worn (lower head).
  await page.getByTestId('pump-1-head').fill('48, 0, -0.0004');

  // Inline validation names the field; Save is disabled until it is fixed.
  await page.getByTestId('pump-1-speed-min').fill('1.2');
  await expect(page.getByTestId('station-issues')).toContainText('pumps[1].speedRange');
  await expect(page.getByTestId('station-save')).toBeDisabled();
  await page.getByTestId('pump-1-speed-min').fill('0.6');
  await expect(page.getByTestId('station-issues')).toHaveCount(0);
  await snap(page, 'optimize-station-editor');
  await page.getByTestId('station-save').click();
  await expect(page.getByTestId('station-select')).toContainText('Three-pump test (3 pumps)');

  // Least power at 400 m³/h (exhaustive reference).
  await page.getByTestId('tab-optimize').click();
  await page.getByTestId('opt-demand').fill('400');
  await page.getByTestId('opt-run').click();
  await expect(page.getByTestId('demand-result')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('result-pumps').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('result-power')).toContainText('kW');
  await expect(page.getByTestId('operating-chart').locator('.recharts-line')).not.toHaveCount(0);
  await snap(page, 'optimize-demand-result');

  // Pareto front (NSGA-II): select a solution and see its details.
  await page.getByTestId('opt-mode').selectOption('pareto');
  await page.getByTestId('opt-run').click();
  await expect(page.getByTestId('pareto-result')).toBeVisible({ timeout: 90_000 });
  const rows = page.getByTestId('pareto-table').locator('tbody tr');
  expect(await rows.count()).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('pareto-chart').locator('.recharts-scatter-symbol').first()).toBeVisible();
  await rows.nth(1).click();
  await expect(page.getByTestId('pareto-selected')).toContainText(`Solution 2 of`);
  await snap(page, 'optimize-pareto');

  // Every algorithm on the same demand, with the gap to the exhaustive optimum.
  await page.getByTestId('opt-mode').selectOption('compare');
  await page.getByTestId('opt-run').click();
  await expect(page.getByTestId('compare-table').locator('tbody tr')).toHaveCount(4, { timeout: 90_000 });
  await snap(page, 'optimize-compare');

  // Operating table over a range of demands.
  await page.getByTestId('tab-table').click();
  await page.getByTestId('table-from').fill('100');
  await page.getByTestId('table-to').fill('700');
  await page.getByTestId('table-count').fill('13');
  await page.getByTestId('table-run').click();
  await expect(page.getByTestId('operating-table').locator('tbody tr')).toHaveCount(13, { timeout: 90_000 });
  await snap(page, 'optimize-table');

  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('runs-table').locator('tbody tr')).toHaveCount(4);
  expect(app.consoleErrors.filter((e) => !/Download the React DevTools/.test(e))).toEqual([]);
});

test('24-hour schedule of the demo station against the baseline, and cancelling a long run', async ({ page }) => {
  test.setTimeout(240_000);
  await gotoArea(page, 'optimize');
  await expect(page.getByTestId('station-select')).toContainText('Demo booster station');
  await page.getByTestId('tab-schedule').click();
  await expect(page.getByTestId('demand-0')).toHaveValue('180');
  await page.getByTestId('schedule-max-starts').fill('4');
  await page.getByTestId('schedule-run').click();
  await expect(page.getByTestId('schedule-gantt')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('schedule-saving')).toContainText('%');
  await snap(page, 'optimize-schedule');

  // A long GA run shows progress and can be cancelled.
  await page.getByTestId('tab-optimize').click();
  await page.getByTestId('opt-algorithm').selectOption('ga');
  await page.getByTestId('opt-setting-population').fill('2000');
  await page.getByTestId('opt-setting-generations').fill('2500');
  await page.getByTestId('opt-run').click();
  await expect(page.getByTestId('opt-run-cancel')).toBeVisible();
  await snap(page, 'optimize-running');
  await page.getByTestId('opt-run-cancel').click();
  await expect(page.getByTestId('opt-run-cancelled')).toBeVisible({ timeout: 30_000 });

  await page.getByTestId('tab-history').click();
  await page.getByTestId('runs-table').locator('tbody tr').first().click();
  await expect(page.getByTestId('schedule-gantt')).toBeVisible();
});
