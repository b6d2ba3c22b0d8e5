import { expect, gotoArea, snap, test } from '../fixtures';

test('gateway configuration history shows each change and rolls back to an earlier version', async ({ page }) => {
  await gotoArea(page, 'routing');
  await page.getByTestId('config-history-open').click();
  const drawer = page.getByTestId('config-history');
  await expect(drawer).toBeVisible();
  // The demo project's seeded configuration is version 1 and current.
  await expect(drawer.getByTestId('config-version-1')).toContainText('current');
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(drawer).toBeHidden();

  // Change the rules: add a rule and deploy -> version 2.
  await page.getByTestId('rule-new').click();
  await page.getByTestId('rules-save').click();
  await page.getByTestId('config-history-open').click();
  await expect(drawer.getByTestId('config-version-2')).toContainText('current');
  await expect(drawer.getByTestId('config-version-2')).toContainText('rules');
  await snap(page, 'gateway-config-history');

  // Roll back to version 1: recorded as version 3, restoring v1.
  await drawer.getByTestId('config-rollback-1').click();
  await expect(drawer.getByTestId('config-version-3')).toContainText('current');
  await expect(drawer.getByTestId('config-version-3')).toContainText('restores v1');
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(drawer).toBeHidden();

  // The audit trail has the changes.
  await gotoArea(page, 'events');
  await page.getByTestId('events-type-filter').fill('config.gateway.*');
  await expect(page.getByTestId('events-table')).toContainText('config.gateway');
});
