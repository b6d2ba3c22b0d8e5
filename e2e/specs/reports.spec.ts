import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, gotoArea, snap, test } from '../fixtures';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function has(tool: string): boolean {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('build a report from the demo project, preview it, export the PDF, the data and a bundle', async ({ page, app }) => {
  // The demo preview renders thousands of chart points; on a shared, loaded machine that takes a while.
  test.setTimeout(300_000);
  await gotoArea(page, 'reports');
  await expect(page.getByTestId('preview-section-cover')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('preview-section-station')).toContainText('Station and equipment');
  await expect(page.getByTestId('preview-section-protocol')).toContainText('flow_rate');
  await snap(page, 'reports-builder');

  // Choose and order: notes before the history; drop the contents page; write notes and sign-off.
  await page.getByTestId('section-up-notes').click();
  await page.getByTestId('section-toggle-toc').click({ force: true });
  await page.getByTestId('report-notes').fill('Pump P2 vibration 4.1 mm/s at 48 Hz, within limits.\n\n- Wet-well level sensor recalibrated.');
  await page.getByTestId('party-name-0').fill('Alex Engineer');
  await expect(page.getByTestId('preview-section-notes')).toContainText('Pump P2 vibration 4.1 mm/s');
  await expect(page.getByTestId('preview-section-toc')).toHaveCount(0);
  const order = await page.locator('[data-testid^="preview-section-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
  expect(order.indexOf('preview-section-notes')).toBeLessThan(order.indexOf('preview-section-history'));
  await page.getByTestId('section-toggle-toc').click({ force: true });

  // Template saved in the project, then listed.
  await page.getByTestId('template-name').fill('Site visit');
  await page.getByTestId('template-save').click();
  await expect(page.getByTestId('template-select')).toContainText('Site visit');

  // Export the PDF to a typed path.
  const pdf = path.join(app.dataDir, 'out', 'riverside-report.pdf');
  await page.getByTestId('report-pdf-path').fill(pdf);
  await page.getByTestId('report-export-pdf').click();
  await expect(page.getByTestId('report-pdf-result')).toContainText('pages', { timeout: 90_000 });
  await expect(page.getByTestId('report-pdf-result')).toContainText(pdf);
  expect(existsSync(pdf)).toBe(true);

  // Data export and bundle export.
  const csv = path.join(app.dataDir, 'out', 'history.csv');
  await page.getByTestId('data-what').selectOption('history');
  await page.getByTestId('data-format').selectOption('csv');
  await page.getByTestId('data-path').fill(csv);
  await page.getByTestId('data-export').click();
  await expect(page.getByTestId('data-result')).toContainText('events');
  expect(existsSync(csv)).toBe(true);
  const bundle = path.join(app.dataDir, 'out', 'riverside.swbundle.json');
  await page.getByTestId('bundle-path').fill(bundle);
  await page.getByTestId('bundle-export').click();
  await expect(page.getByTestId('bundle-result')).toContainText('rows');

  // A bad bundle is refused with the reason.
  await page.getByTestId('bundle-path').fill(csv);
  await page.getByTestId('bundle-import').click();
  await page.getByTestId('bundle-import-confirm').click();
  await expect(page.getByTestId('bundle-error')).toContainText('nothing was imported');
  await snap(page, 'reports-exported');
  expect(app.consoleErrors).toEqual([]);

  // The PDF as pictures, for a human to look at (test-results/screenshots/report-pdf-*.png).
  if (!has('pdftoppm') || !has('pdftotext')) {
    test.info().annotations.push({ type: 'skip', description: 'poppler-utils (pdftoppm/pdftotext) not installed: PDF pages not rendered' });
    return;
  }
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  expect(text).toContain('Contents');
  expect(text).toContain('Pump P2 vibration 4.1 mm/s');
  expect(text).toContain('Alex Engineer');
  // Rendered next to the PDF, then copied beside the screenshots (another run may clear test-results meanwhile).
  const pngDir = path.join(app.dataDir, 'pdf-pages');
  mkdirSync(pngDir, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(pngDir, 'report-pdf')]);
  const pngs = readdirSync(pngDir).filter((f) => f.startsWith('report-pdf-'));
  expect(pngs.length).toBe(text.split('\f').length - 1);
  const outDir = path.join(root, 'test-results', 'screenshots');
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) if (f.startsWith('report-pdf-')) rmSync(path.join(outDir, f));
  for (const f of pngs) copyFileSync(path.join(pngDir, f), path.join(outDir, f));
});

test('a PDF export shows progress and can be cancelled: no file is written', async ({ page, app }) => {
  test.setTimeout(240_000);
  await gotoArea(page, 'reports');
  await expect(page.getByTestId('preview-section-cover')).toBeVisible({ timeout: 90_000 });
  const pdf = path.join(app.dataDir, 'out', 'cancelled.pdf');
  await page.getByTestId('report-pdf-path').fill(pdf);
  // Click Export, then Cancel as soon as the progress bar shows it (in the page: a loaded test
  // machine's action latency would otherwise outlast the demo export).
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        (document.querySelector('[data-testid="report-export-pdf"]') as HTMLButtonElement).click();
        const t0 = performance.now();
        const tick = () => {
          const cancel = document.querySelector('[data-testid="report-pdf-cancel"]') as HTMLButtonElement | null;
          if (cancel && !cancel.disabled) {
            cancel.click();
            resolve();
          } else if (performance.now() - t0 > 30_000) reject(new Error('the Cancel button never appeared'));
          else requestAnimationFrame(tick);
        };
        tick();
      }),
  );
  await page.getByTestId('report-pdf-path').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await snap(page, 'reports-cancelling');
  await expect(page.getByTestId('report-pdf-cancelled')).toContainText('no file was written', { timeout: 60_000 });
  await page.getByTestId('report-pdf-cancelled').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await expect(page.getByTestId('report-pdf-progress')).toHaveCount(0);
  await expect(page.getByTestId('report-pdf-error')).toHaveCount(0);
  await snap(page, 'reports-cancelled');
  expect(existsSync(pdf)).toBe(false);
  const out = path.join(app.dataDir, 'out');
  expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);

  // The next export runs to the end.
  await page.getByTestId('report-export-pdf').click();
  await expect(page.getByTestId('report-pdf-result')).toContainText('pages', { timeout: 90_000 });
  expect(existsSync(pdf)).toBe(true);
  expect(app.consoleErrors).toEqual([]);
});
