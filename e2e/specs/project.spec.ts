import path from 'node:path';
import { expect, gotoArea, startHost, stopHost, test } from '../fixtures';

test('new project -> edit -> save as -> reopen shows the same data', async ({ page, app }) => {
  const first = path.join(app.dataDir, 'work', 'pump-test.swb');
  const copy = path.join(app.dataDir, 'work', 'pump-test-copy.swb');
  await gotoArea(page, 'settings');
  await page.getByTestId('project-file').fill(first);
  await page.getByTestId('project-new').click();
  await expect(page.getByTestId('project-path')).toHaveText(first);
  await page.getByTestId('meta-name').fill('Pump test');
  await page.getByTestId('meta-client').fill('ACME Water');
  await page.getByTestId('meta-save').click();
  await expect(page.getByTestId('project-name')).toHaveText('Pump test');

  await page.getByTestId('project-file').fill(copy);
  await page.getByTestId('project-save-as').click();
  await expect(page.getByTestId('project-path')).toHaveText(copy);

  // A bad path is refused with a message that names the file.
  await page.getByTestId('project-file').fill(path.join(app.dataDir, 'missing.swb'));
  await page.getByTestId('project-open').click();
  await expect(page.getByTestId('project-file-error')).toContainText('missing.swb');

  // Restart the whole host on the saved copy: the data is there.
  const second = await startHost(['--project', copy], app.dataDir);
  try {
    await page.goto(second.url);
    await expect(page.getByTestId('project-name')).toHaveText('Pump test');
    await gotoArea(page, 'settings');
    await expect(page.getByTestId('meta-client')).toHaveValue('ACME Water');
    await gotoArea(page, 'events');
    await expect(page.getByTestId('events-table')).toContainText('config.project.updated');
  } finally {
    await stopHost(second, false);
  }
});
