import type { Page } from '@playwright/test';
import { expect, gotoArea, snap, test } from '../fixtures';

/*
 * Builds the reference frame's schema (../shared/reference-frame.md) from scratch in the designer,
 * as an engineer would from the protocol table, decodes the documented example, saves and publishes.
 */

const SAMPLE = 'AA550107123467748580FFDD01E200ED01820FAC128E02AC0227439C40004196000040100000449A5000000D0000000000000000000000000000000000003E1E';

type Spec = { name: string; type: string; divisor?: number; unit?: string; length?: number; constHex?: string; constRaw?: number };

const FIELDS: Spec[] = [
  { name: 'sync', type: 'bytes', length: 2, constHex: 'AA55' },
  { name: 'msg_type', type: 'u8', constRaw: 1 },
  { name: 'station_id', type: 'u8' },
  { name: 'seq', type: 'u16' },
  { name: 'unix_time', type: 'u32', unit: 's' },
  { name: 'suction_pressure', type: 'i16', divisor: 100, unit: 'bar' },
  { name: 'discharge_pressure', type: 'i16', divisor: 100, unit: 'bar' },
  { name: 'wet_well_level', type: 'i16', divisor: 100, unit: 'm' },
  { name: 'motor_current', type: 'u16', divisor: 10, unit: 'A' },
  { name: 'motor_voltage', type: 'u16', divisor: 10, unit: 'V' },
  { name: 'vfd_frequency', type: 'u16', divisor: 100, unit: 'Hz' },
  { name: 'motor_temp', type: 'i16', divisor: 10, unit: '°C' },
  { name: 'bearing_temp', type: 'i16', divisor: 10, unit: '°C' },
  { name: 'flow_rate', type: 'f32', unit: 'm³/h' },
  { name: 'active_power', type: 'f32', unit: 'kW' },
  { name: 'vibration_rms', type: 'f32', unit: 'mm/s' },
  { name: 'energy_today', type: 'f32', unit: 'kWh' },
];

const FLAGS = ['pump_running', 'pump_fault', 'remote_mode', 'high_level', 'low_level', 'over_temp', 'dry_run', 'door_open'];

async function addField(page: Page, type: string, name: string): Promise<void> {
  await page.getByTestId('add-type').selectOption(type);
  await page.getByTestId('add-field').click();
  await page.getByTestId('prop-name').fill(name);
  await expect(page.getByTestId(`tree-row-${name}`)).toBeVisible();
}

test('build the reference frame schema in the designer, decode the sample, save and publish', async ({ page, app }) => {
  await gotoArea(page, 'schemas');
  // The demo project ships the reference schema already published.
  await expect(page.getByTestId('schema-select')).toContainText('pump-telemetry');

  await page.getByTestId('schema-new').click();
  await page.getByTestId('new-schema-name').fill('rtu-telemetry');
  await page.getByTestId('new-schema-create').click();
  await expect(page.getByTestId('schema-select')).toHaveValue('rtu-telemetry');
  await expect(page.getByTestId('field-tree')).toContainText('No fields yet');

  // Schema-level settings: big-endian, fixed 64-byte frames starting with AA 55.
  await page.getByTestId('schema-title').fill('RTU telemetry (built in the designer)');
  await page.getByTestId('schema-byteorder').selectOption('BE');
  await page.getByTestId('schema-framing').selectOption('fixed');
  await page.getByTestId('schema-length').fill('64');
  await page.getByTestId('schema-sync').fill('AA55');

  for (const f of FIELDS) {
    await addField(page, f.type, f.name);
    if (f.length !== undefined) await page.getByTestId('prop-count').fill(String(f.length));
    if (f.constHex) await page.getByTestId('prop-const-hex').fill(f.constHex);
    if (f.constRaw !== undefined) await page.getByTestId('prop-const').fill(String(f.constRaw));
    if (f.divisor !== undefined) await page.getByTestId('prop-divisor').fill(String(f.divisor));
    if (f.unit) await page.getByTestId('prop-unit').fill(f.unit);
  }

  // Status word: u16 flags, bit 0 = LSB.
  await addField(page, 'flags', 'status');
  await expect(page.getByTestId('prop-storage')).toHaveValue('u16');
  await page.getByTestId('flag-name-0').fill(FLAGS[0]!);
  for (let i = 1; i < FLAGS.length; i++) {
    await page.getByTestId('flag-add').click();
    await expect(page.getByTestId(`flag-bit-${i}`)).toHaveValue(String(i));
    await page.getByTestId(`flag-name-${i}`).fill(FLAGS[i]!);
  }

  await addField(page, 'padding', 'reserved');
  await page.getByTestId('prop-length').fill('18');

  // CRC-16/MODBUS over bytes 0..61, stored low byte first.
  await addField(page, 'checksum', 'crc');
  await page.getByTestId('prop-algorithm').selectOption('crc16-modbus');
  await page.getByTestId('prop-byteorder').selectOption('LE');
  await page.getByTestId('prop-from').fill('0');
  await expect(page.getByTestId('schema-status')).toHaveText('valid · 64 bytes');
  await expect(page.getByTestId('tree-row-crc')).toContainText('@62·2');

  // Paste the documented sample: the documented values appear, live.
  await page.getByTestId('sample-input').fill(SAMPLE);
  await expect(page.getByTestId('decode-ok')).toContainText('Decoded 64 bytes');
  await expect(page.getByTestId('value-suction_pressure')).toHaveText('-0.35 bar');
  await expect(page.getByTestId('value-discharge_pressure')).toHaveText('4.82 bar');
  await expect(page.getByTestId('value-unix_time')).toHaveText('1735689600 s');
  await expect(page.getByTestId('value-flow_rate')).toHaveText('312.5 m³/h');
  await expect(page.getByTestId('value-energy_today')).toHaveText('1234.5 kWh');
  await expect(page.getByTestId('value-motor_temp')).toHaveText('68.4 °C');
  await expect(page.getByTestId('value-status.pump_running')).toHaveText('true');
  await expect(page.getByTestId('value-status.remote_mode')).toHaveText('true');
  await expect(page.getByTestId('value-status.pump_fault')).toHaveText('false');
  await expect(page.getByTestId('value-crc')).toHaveText('7742');

  // Field <-> bytes linking: hovering a field outlines its bytes; hovering bytes highlights the field.
  await page.getByTestId('tree-row-suction_pressure').click();
  await page.getByTestId('tree-row-flow_rate').hover();
  await expect(page.locator('.swb-hex-byte.is-hovered')).toHaveCount(4);
  await expect(page.locator('.swb-hex-byte.is-selected')).toHaveCount(2);
  await snap(page, 'schemas-designer-decoded');
  await page.locator('.swb-hex-byte[data-offset="43"]').hover();
  await expect(page.getByTestId('tree-row-status')).toHaveClass(/is-hovered/);

  // Keep the sample as a test vector.
  await page.getByTestId('vector-name').fill('reference example');
  await page.getByTestId('vector-add').click();
  await expect(page.getByTestId('vectors-status')).toHaveText('vectors 1/1');

  // A wrong scale breaks the vector, naming the field; undo restores it.
  await page.getByTestId('tree-row-suction_pressure').click();
  await page.getByTestId('prop-divisor').fill('10');
  await expect(page.getByTestId('value-suction_pressure')).toHaveText('-3.5 bar');
  await expect(page.getByTestId('vectors-status')).toHaveText('vectors 0/1');
  await expect(page.getByTestId('vector-message-0')).toContainText('suction_pressure');
  await page.getByTestId('tree-root').click();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('value-suction_pressure')).toHaveText('-0.35 bar');
  await expect(page.getByTestId('vectors-status')).toHaveText('vectors 1/1');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('value-suction_pressure')).toHaveText('-3.5 bar');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('value-suction_pressure')).toHaveText('-0.35 bar');

  // A corrupted frame: inline error naming the field and the byte.
  await page.getByTestId('sample-input').fill(SAMPLE.slice(0, -2) + '1F');
  await expect(page.getByTestId('decode-error')).toContainText('BAD_CHECKSUM');
  await expect(page.getByTestId('decode-error')).toContainText('crc');
  await expect(page.getByTestId('decode-error')).toContainText('byte 62');
  await expect(page.getByTestId('tree-issue-crc')).toBeVisible();
  await expect(page.locator('.swb-hex-byte.is-error')).toHaveAttribute('data-offset', '62');
  await snap(page, 'schemas-designer-error');
  await page.getByTestId('sample-input').fill(SAMPLE);

  // Save, then publish with a note.
  await page.getByTestId('schema-save').click();
  await expect(page.getByTestId('schema-save')).toHaveText('Saved');
  await page.getByTestId('schema-publish').click();
  await page.getByTestId('publish-note').fill('Built from the RTU protocol table');
  await snap(page, 'schemas-publish-dialog');
  await page.getByTestId('publish-confirm').click();
  await expect(page.getByTestId('version-1')).toContainText('Built from the RTU protocol table');
  await expect(page.getByTestId('schema-published-tag')).toHaveText('published v1');

  // The version built in the designer decodes exactly like the shipped reference schema.
  await page.getByTestId('tab-json').click();
  await expect(page.getByTestId('schema-json')).toContainText('"algorithm": "crc16-modbus"');
  // The core shows the specialised decoder it generates for this schema.
  await page.getByTestId('tab-source').click();
  await expect(page.getByTestId('schema-source')).toContainText('suction_pressure');
  await snap(page, 'schemas-generated-code');
  await page.getByTestId('tab-versions').click();
  await page.getByTestId('version-diff-draft-1').click();
  await expect(page.getByTestId('diff-view')).toContainText('no differences');
  await snap(page, 'schemas-published');

  // Persisted in the project: reload the page and find it again.
  await page.reload();
  await gotoArea(page, 'schemas');
  await page.getByTestId('schema-select').selectOption('rtu-telemetry');
  await expect(page.getByTestId('tree-row-status')).toBeVisible();
  await expect(page.getByTestId('schema-published-tag')).toHaveText('published v1');
  expect(app.consoleErrors.filter((e) => !e.includes('favicon'))).toEqual([]);
});
