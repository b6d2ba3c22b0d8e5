import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { frameSchemaJsonSchema } from './jsonSchema';

const FILE = new URL('../../../docs/formats/frame-schema.schema.json', import.meta.url);

describe('docs/formats/frame-schema.schema.json', () => {
  // Regenerate after changing validate.ts: FRAME_UPDATE_JSON_SCHEMA=1 npx vitest run src/shared/frame/jsonSchema.test.ts
  it('matches the zod validator it is generated from', () => {
    const generated = JSON.stringify(frameSchemaJsonSchema(), null, 2) + '\n';
    if (process.env.FRAME_UPDATE_JSON_SCHEMA === '1') writeFileSync(FILE, generated);
    expect(readFileSync(FILE, 'utf8')).toBe(generated);
  });

  it('names the recursive definitions and closes every field object', () => {
    const schema = frameSchemaJsonSchema() as { $defs: Record<string, unknown> };
    expect(Object.keys(schema.$defs)).toEqual(expect.arrayContaining(['FieldSpec', 'ItemSpec']));
    expect(JSON.stringify(schema)).toContain('"additionalProperties":false');
  });
});
