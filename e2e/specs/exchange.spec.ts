import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, gotoArea, snap, test } from '../fixtures';

// Single frame schema / gateway rule-set exchange on the Reports page: download, upload, check,
// clash choice, import; a bad file is refused with the field path and the reason.

test('export a schema, import it back as a copy, see it in Schemas; a bad file is refused with the reason', async ({ page, app }) => {
  test.setTimeout(240_000);
  await gotoArea(page, 'reports');
  const card = page.getByTestId('item-exchange');
  await card.scrollIntoViewIfNeeded();
  await expect(page.getByTestId('item-export-schema')).toContainText('pump-telemetry');
  await page.getByTestId('item-export-schema').selectOption('pump-telemetry');

  // Export = a browser download of the schema document.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('item-download').click()]);
  expect(download.suggestedFilename()).toBe('pump-telemetry.json');
  const file = path.join(app.dataDir, 'pump-telemetry.json');
  await download.saveAs(file);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { name: string; fields: Array<Record<string, unknown>> };
  expect(doc.name).toBe('pump-telemetry');
  await expect(page.getByTestId('item-export-result')).toContainText('Downloaded pump-telemetry.json');

  // Import the same file: the check finds the clash and offers a copy under a free name.
  await page.getByTestId('item-import-file').setInputFiles(file);
  await expect(page.getByTestId('item-check-result')).toContainText('pump-telemetry');
  await expect(page.getByTestId('item-clash')).toContainText('exists in this project');
  await expect(page.getByTestId('item-newname')).toHaveValue('pump-telemetry-copy');
  await page.getByTestId('item-newname').fill('pump-telemetry-site-b');
  await snap(page, 'exchange-clash');
  await page.getByTestId('item-import').click();
  await expect(page.getByTestId('item-import-result')).toContainText('pump-telemetry-site-b imported as a copy');

  // A tampered file: refused with the field path and what is wrong; nothing imported.
  const bad = structuredClone(doc);
  bad.fields[1]!.type = 'u9';
  bad.name = 'tampered';
  const badFile = path.join(app.dataDir, 'tampered.json');
  writeFileSync(badFile, JSON.stringify(bad, null, 2));
  await page.getByTestId('item-import-file').setInputFiles(badFile);
  await expect(page.getByTestId('item-issues')).toContainText('fields[1].type');
  await expect(page.getByTestId('item-issues')).toContainText('Nothing was imported');
  await expect(page.getByTestId('item-import')).toHaveCount(0);
  await card.scrollIntoViewIfNeeded();
  await snap(page, 'exchange-refused');

  // A rule-set import of a schema file is refused for its format.
  await page.getByTestId('item-import-kind').selectOption('ruleSet');
  await expect(page.getByTestId('item-issues')).toContainText('format');

  // The copy is in the Schemas list; the tampered one is not.
  await gotoArea(page, 'schemas');
  await expect(page.getByTestId('schema-select')).toContainText('pump-telemetry-site-b');
  await expect(page.getByTestId('schema-select')).not.toContainText('tampered');
  expect(app.consoleErrors).toEqual([]);
});

test('export the gateway rule set and import it back, replacing the current rules', async ({ page, app }) => {
  test.setTimeout(240_000);
  await gotoArea(page, 'reports');
  await page.getByTestId('item-exchange').scrollIntoViewIfNeeded();
  await page.getByTestId('item-export-kind').selectOption('ruleSet');
  await page.getByTestId('item-export-name').fill('Riverside routing');
  // Saved to a path on the station computer this time.
  const file = path.join(app.dataDir, 'out', 'riverside.rules.json');
  await page.getByTestId('item-export-path').fill(file);
  await page.getByTestId('item-export-save').click();
  await expect(page.getByTestId('item-export-result')).toContainText(file);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { format: string; rules: unknown[] };
  expect(doc.format).toBe('station-workbench.ruleset');

  await page.getByTestId('item-import-kind').selectOption('ruleSet');
  await page.getByTestId('item-import-file').setInputFiles(file);
  await expect(page.getByTestId('item-check-result')).toContainText(`${doc.rules.length} rules`);
  await page.getByTestId('item-conflict-replace').click({ force: true });
  await page.getByTestId('item-import').click();
  await expect(page.getByTestId('item-import-result')).toContainText('replaced the previous ones');
  await snap(page, 'exchange-ruleset');
  expect(app.consoleErrors).toEqual([]);
});
