import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, gotoArea, snap, test } from '../fixtures';

/*
 * A commissioning day on the demo station, across areas: fit P1's H-Q, η-Q and P-Q curves on the
 * site test and save them, find the least-power pump set for the design demand, then export the
 * report. The report must carry what was just done: the fits with the ISO 9906 verdict and the
 * optimization result, with the same power the Optimize page showed.
 */
test('fit and save P1 curves, optimize the design demand, and the exported report carries both', async ({ page, app }) => {
  // Three fits (compute jobs), one optimization and a PDF: slow on a loaded 2-core machine.
  test.setTimeout(420_000);

  // 1. Curves: the three acceptance curves of P1 from the demo test log, each saved to P1.
  await gotoArea(page, 'curves');
  await expect(page.getByTestId('curves-dataset')).toContainText('Pump P1 test');
  for (const [preset, name, saved] of [
    ['H-Q', 'H-Q acceptance', 1],
    ['η-Q', 'η-Q acceptance', 2],
    ['P-Q', 'P-Q acceptance', 3],
  ] as const) {
    await page.getByTestId('curves-preset').getByText(preset, { exact: true }).click();
    await page.getByTestId('fit-run').click();
    await expect(page.getByTestId('params-table')).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('compare-table').locator('tbody tr').first()).toBeVisible({ timeout: 90_000 });
    await page.getByTestId('fit-save-name').fill(name);
    await page.getByTestId('fit-save').click();
    await expect(page.getByTestId('saved-fits').getByTestId('saved-fit-row')).toHaveCount(saved, { timeout: 90_000 });
  }
  await snap(page, 'commissioning-01-fits-saved');

  // 2. Optimize: least power for the design demand on the demo station.
  await gotoArea(page, 'optimize');
  await expect(page.getByTestId('station-select')).toContainText('Demo booster station');
  await page.getByTestId('tab-optimize').click();
  await page.getByTestId('opt-demand').fill('420');
  await page.getByTestId('opt-run').click();
  await expect(page.getByTestId('demand-result')).toBeVisible({ timeout: 90_000 });
  const powerText = await page.getByTestId('result-power').innerText();
  const power = Number(/([\d.]+)\s*kW/.exec(powerText)?.[1]);
  expect(power).toBeGreaterThan(10);
  await snap(page, 'commissioning-02-optimized');

  // 3. Report: the preview shows both new sections, the PDF carries them.
  await gotoArea(page, 'reports');
  const fits = page.getByTestId('preview-section-fits');
  await expect(fits).toContainText('H-Q acceptance', { timeout: 120_000 });
  await expect(fits).toContainText('ISO 9906 grade 2B: PASS');
  await expect(page.getByTestId('preview-section-optimization')).toContainText('kW', { timeout: 60_000 });
  await snap(page, 'commissioning-03-report-preview');

  const pdf = path.join(app.dataDir, 'out', 'commissioning-report.pdf');
  await page.getByTestId('report-pdf-path').fill(pdf);
  await page.getByTestId('report-export-pdf').click();
  await expect(page.getByTestId('report-pdf-result')).toContainText('pages', { timeout: 180_000 });
  expect(existsSync(pdf)).toBe(true);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  expect(text).toContain('Fitted curves');
  expect(text).toContain('ISO 9906 grade 2B: PASS');
  expect(text).toContain('Optimization results');
  // The same least power as the Optimize page (to its one decimal).
  expect(text).toContain(power.toFixed(1));
  expect(app.consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
});
