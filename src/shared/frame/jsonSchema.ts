import { z } from 'zod';
import { frameSchemaSchema } from './validate';

/**
 * JSON Schema (draft 2020-12) of the FrameSchema document, generated from the zod validator so
 * editors (VS Code `$schema`) and the app check the same structure. Semantic rules (references,
 * sizes, overlaps) are only checked by validateSchema. Shipped as docs/formats/frame-schema.schema.json.
 */
export function frameSchemaJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(frameSchemaSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: generated.$schema,
    $id: 'https://station-workbench.local/schemas/frame-schema-v1.json',
    title: 'Station Workbench frame schema (formatVersion 1)',
    description: 'Binary frame layout: fields, byte orders, framing, checksums. See docs/formats/frame-schema.md.',
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== '$schema')),
  };
}
