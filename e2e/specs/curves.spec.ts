import { expect, gotoArea, snap, test } from '../fixtures';

test('fit H-Q and η-Q on the demo dataset, see parameters and bands, exclude a point, check ISO 9906, save to a pump', async ({ page, app }) => {
  // Every fit is a compute job in a worker; on a loaded machine each takes several seconds.
  test.setTimeout(300_000);
  await gotoArea(page, 'curves');
  await snap(page, 'curves-00-open');
  await expect(page.getByTestId('curves-dataset')).toContainText('Pump P1 test');
  await snap(page, 'curves-01-empty');

  // H-Q with the preset models.
  await page.getByTestId('fit-run').click();
  await expect(page.getByTestId('params-table')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('params-table')).toContainText('Std. error');
  await expect(page.getByTestId('fit-engine')).toContainText('QR');
  await expect(page.getByTestId('compare-table').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('fit-chart').locator('.recharts-area')).toHaveCount(1); // confidence band
  await expect(page.getByTestId('iso-verdict')).toContainText('ISO 9906 grade 2B');
  await snap(page, 'curves-02-head-fit');

  // Exclude a point by clicking it: n drops by one.
  const n0 = Number((await page.getByTestId('fit-metrics').locator('dd').first().innerText()).split('/')[0]);
  await page.locator('.swb-fit-point').nth(5).dispatchEvent('click');
  await expect(page.getByTestId('exclusions-clear')).toContainText('Restore 1', { timeout: 60_000 });
  await expect(page.getByTestId('fit-metrics').locator('dd').first()).toContainText(`${n0 - 1} /`, { timeout: 60_000 });

  // Save the head fit to P1.
  await page.getByTestId('fit-save-name').fill('H-Q site test');
  await page.getByTestId('fit-save').click();
  await expect(page.getByTestId('fit-saved')).toContainText('H-Q site test', { timeout: 60_000 });
  await expect(page.getByTestId('saved-fits')).toContainText('H-Q site test');

  // η-Q: a custom model with named parameters besides the library.
  await page.getByTestId('curves-preset').getByText('η-Q').click();
  await page.getByTestId('custom-expression').fill('eta*(x/q)*(2 - x/q)');
  await page.getByTestId('custom-eta-start').fill('0.8');
  await page.getByTestId('custom-q-start').fill('120');
  await page.getByTestId('custom-add').click();
  await page.getByTestId('fit-run').click();
  await expect(page.getByTestId('compare-table').locator('tbody tr')).toHaveCount(4, { timeout: 60_000 });
  await page.getByTestId('compare-row-3').click();
  await expect(page.getByTestId('params-table')).toContainText('eta');
  await expect(page.getByTestId('fit-engine')).toContainText('Levenberg');
  await page.getByTestId('compare-row-0').click();
  await page.getByTestId('fit-save').click();
  await expect(page.getByTestId('saved-fits').getByTestId('saved-fit-row')).toHaveCount(2, { timeout: 60_000 });
  await snap(page, 'curves-03-efficiency-fit');

  // Export the chart as SVG: a real SVG document.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-svg').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.svg$/);

  await page.getByTestId('tolerances-open').click();
  await expect(page.getByTestId('tolerance-table')).toContainText('2B');
  await snap(page, 'curves-04-tolerances');
  expect(app.consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
});
