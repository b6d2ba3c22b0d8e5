import { AREAS_FOR_TEST } from '../areas';
import { expect, gotoArea, snap, test } from '../fixtures';

test('the app loads without console errors and every area opens', async ({ page, app }) => {
  await expect(page.getByTestId('project-name')).toHaveText(/Demo station/);
  for (const area of AREAS_FOR_TEST) {
    await gotoArea(page, area);
    await expect(page.getByTestId(`page-${area}`)).not.toContainText('This page failed');
    await snap(page, `area-${area}`);
  }
  expect(app.consoleErrors).toEqual([]);
});

test('the status bar reflects the core', async ({ page }) => {
  const bar = page.getByTestId('status-bar');
  await expect(bar.getByTestId('status-project')).toContainText('Demo station');
  await expect(bar.getByTestId('status-jobs')).toContainText('running jobs');
  // Renaming the project in Settings shows up in the status bar pushed by the core.
  await gotoArea(page, 'settings');
  await page.getByTestId('meta-name').fill('Renamed station');
  await page.getByTestId('meta-save').click();
  await expect(bar.getByTestId('status-project')).toContainText('Renamed station', { timeout: 5000 });
  await expect(page.getByTestId('project-name')).toHaveText('Renamed station');
});

test('theme toggles between dark and light', async ({ page }) => {
  const before = await page.evaluate(() => document.body.dataset.theme);
  await page.getByTestId('theme-toggle').click();
  const after = await page.evaluate(() => document.body.dataset.theme);
  expect(after).not.toBe(before);
  await snap(page, 'theme-toggled');
});
