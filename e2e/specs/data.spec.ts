import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { expect, gotoArea, snap, test } from '../fixtures';

const demoData = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources', 'demo', 'data');
const messy = path.join(demoData, 'pump-p1-test-2025-01-14-messy.csv');

test('import a messy logger CSV, read the invalid-rows report, clean and undo with provenance', async ({ page, app }) => {
  await gotoArea(page, 'data');
  // The demo project ships the clean pump test as a dataset.
  await expect(page.getByTestId('dataset-list')).toContainText('Pump P1 test 2025-01-14');
  await expect(page.getByTestId('dataset-chart')).toBeVisible();
  await expect(page.getByTestId('quality-findings')).toBeVisible();
  await snap(page, 'data-01-demo-dataset');

  // Upload through the browser file input (sent in chunks) and preview.
  await page.getByTestId('data-import-open').click();
  await page.getByTestId('import-file').setInputFiles(messy);
  await expect(page.getByTestId('import-mapping')).toBeVisible();
  await expect(page.getByTestId('import-detected')).toContainText("delimiter Comma ,, decimal '.', header row 1");
  await expect(page.getByTestId('map-quantity-1')).toHaveValue('flow');
  await expect(page.getByTestId('map-unit-1')).toHaveValue('m3/h');
  await expect(page.getByTestId('map-timeformat-0')).toHaveValue('iso');
  await page.getByTestId('import-name').fill('P1 messy log');
  await snap(page, 'data-02-import-preview');

  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('import-result')).toContainText('4 invalid rows were skipped');
  const table = page.getByTestId('import-invalid-table');
  await expect(table).toBeVisible();
  // Line numbers in the report are the lines of the file.
  const lines = readFileSync(messy, 'utf8').split('\r\n');
  const badLine = lines.findIndex((l) => l.includes('12.3.4')) + 1;
  const errLine = lines.findIndex((l) => l.includes(',ERR,')) + 1;
  await expect(table.locator('tr', { hasText: "'12.3.4' is not a number" }).getByTestId('invalid-line')).toHaveText(String(badLine));
  await expect(table.locator('tr', { hasText: "'ERR' is not a number" }).getByTestId('invalid-line')).toHaveText(String(errLine));
  await expect(table).toContainText('expected 9 fields, found 5');
  await expect(table).toContainText('is not an ISO 8601 timestamp');
  await snap(page, 'data-03-import-report');

  await page.getByTestId('import-open').click();
  await expect(page.getByTestId('dataset-view')).toContainText('P1 messy log');
  await expect(page.getByTestId('quality-findings')).toContainText('duplicated timestamp');
  await expect(page.getByTestId('quality-findings')).toContainText('Power: 2 missing values');
  await expect(page.getByTestId('dataset-issues')).toContainText(String(badLine));
  await snap(page, 'data-04-dataset-quality');

  // Clean: remove flow and power outliers (blank), then fill the gaps linearly.
  const cleaning = page.getByTestId('cleaning-panel');
  await cleaning.getByTestId('clean-kind').selectOption('remove-outliers');
  const setColumns = async (want: string[]) => {
    for (const key of ['flow', 'suction_pressure', 'discharge_pressure', 'head', 'power']) {
      const box = cleaning.getByTestId(`clean-col-${key}`);
      // Blueprint hides the input under its label: click the label to toggle.
      if ((await box.isChecked()) !== want.includes(key)) await box.locator('xpath=..').click();
    }
  };
  await setColumns(['flow', 'power']);
  await cleaning.getByTestId('clean-apply').click();
  await expect(page.getByTestId('provenance-step')).toHaveCount(2);
  await expect(cleaning.getByTestId('clean-message')).toContainText('Blanked');

  await cleaning.getByTestId('clean-kind').selectOption('fill-gaps');
  await setColumns(['flow', 'suction_pressure', 'discharge_pressure', 'head', 'power']);
  await cleaning.getByTestId('clean-apply').click();
  await expect(page.getByTestId('provenance-step')).toHaveCount(3);
  await expect(page.getByTestId('provenance')).toContainText('Filled');
  await expect(page.getByTestId('quality-findings')).not.toContainText('Power: 2 missing values');

  await cleaning.getByTestId('clean-kind').selectOption('remove-duplicates');
  await cleaning.getByTestId('clean-apply').click();
  await expect(page.getByTestId('provenance-step')).toHaveCount(4);
  await expect(page.getByTestId('quality-findings')).not.toContainText('duplicated timestamp');
  await snap(page, 'data-05-cleaned');

  // Undo the outlier step (not the last one): the later steps stay, re-applied.
  await page.getByTestId('undo-remove-outliers').click();
  await expect(page.getByTestId('provenance-step')).toHaveCount(3);
  await expect(page.getByTestId('provenance')).not.toContainText('Blanked');
  await expect(page.getByTestId('provenance')).toContainText('Filled');
  await snap(page, 'data-06-undone');

  // A file on the core machine by path: the semicolon / decimal-comma / Windows-1252 variant.
  await page.getByTestId('data-import-open').click();
  await page.getByTestId('import-path').fill(path.join(demoData, 'pump-p1-test-2025-01-14-de.csv'));
  await page.getByTestId('import-path-preview').click();
  await expect(page.getByTestId('import-detected')).toContainText("detected windows-1252");
  await expect(page.getByTestId('import-delimiter')).toHaveValue(';');
  await expect(page.getByTestId('import-decimal')).toHaveValue(',');
  await expect(page.getByTestId('import-header-row')).toHaveValue('4');
  await expect(page.getByTestId('import-mapping')).toContainText('Förderhöhe [m]');
  await snap(page, 'data-07-path-preview-de');
  expect(app.consoleErrors.filter((e) => !e.includes('favicon'))).toEqual([]);
});
