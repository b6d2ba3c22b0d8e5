import { Button, Callout, HTMLTable, Icon, InputGroup, TextArea } from '@blueprintjs/core';
import { useState } from 'react';
import { bytesToHex } from '#shared/frame/hex';
import type { DecodeResult, DecodedValue } from '#shared/frame/result';
import type { VectorResult } from '#shared/rpc/domains/schemas';
import { useSchemaDraft } from '../../stores/schemaDraft';
import { setAt } from './fieldOps';

type Vector = { name: string; hex: string; expect: { fields?: Record<string, unknown>; error?: { code: string; path?: string } } };

function jsonOf(v: DecodedValue): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(jsonOf);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonOf(x)]));
  return v;
}

/** Test vectors of the draft: results recomputed on every edit; add the current sample with its decoding as a new vector. */
export function VectorsPanel({ results, decode, sampleBytes }: { results: VectorResult[]; decode: DecodeResult | undefined; sampleBytes: Uint8Array | undefined }) {
  const doc = useSchemaDraft((s) => s.doc);
  const edit = useSchemaDraft((s) => s.edit);
  const setSample = useSchemaDraft((s) => s.setSample);
  const vectors = (Array.isArray(doc.testVectors) ? doc.testVectors : []) as Vector[];
  const [name, setName] = useState('');
  const [open, setOpen] = useState<number | undefined>();
  const [jsonError, setJsonError] = useState<string | undefined>();
  const write = (next: Vector[]) => edit(setAt(doc, ['testVectors'], next));
  const taken = new Set(vectors.map((v) => v.name));
  const newName = name.trim() || `sample ${vectors.length + 1}`;

  const addFromSample = () => {
    if (!sampleBytes || !decode) return;
    const expect: Vector['expect'] = decode.ok ? { fields: jsonOf(decode.fields) as Record<string, unknown> } : { error: { code: decode.error.code, ...(decode.error.path ? { path: decode.error.path } : {}) } };
    write([...vectors, { name: newName, hex: bytesToHex(sampleBytes), expect }]);
    setName('');
  };

  const passed = results.filter((r) => r.ok).length;
  return (
    <div className="swb-vectors" data-testid="vectors-panel">
      <div className="swb-toolbar">
        <InputGroup size="small" placeholder={`name (${newName})`} value={name} onChange={(e) => setName(e.target.value)} data-testid="vector-name" />
        <Button size="small" icon="add" text="Add current sample as vector" disabled={!sampleBytes || sampleBytes.length === 0 || !decode || taken.has(newName)} onClick={addFromSample} data-testid="vector-add" />
        <span className="swb-muted swb-small">
          {vectors.length === 0 ? 'No test vectors: publishing checks nothing about real frames.' : `${passed}/${results.length} passing · run on every edit and on save; a failing vector blocks publishing`}
        </span>
      </div>
      {taken.has(newName) && name.trim() !== '' ? <div className="swb-error-text">A vector named “{newName}” exists already.</div> : null}
      {vectors.length > 0 ? (
        <HTMLTable compact className="swb-table-full">
          <tbody>
            {vectors.map((v, i) => {
              const r = results.find((x) => x.name === v.name);
              return [
                <tr key={`${v.name}-row`} data-testid={`vector-${i}`}>
                  <td style={{ width: 22 }}>{r ? <Icon icon={r.ok ? 'tick-circle' : 'error'} intent={r.ok ? 'success' : 'danger'} /> : <Icon icon="circle" />}</td>
                  <td>{v.name}</td>
                  <td className={r && !r.ok ? 'swb-error-text' : 'swb-muted swb-small'} data-testid={`vector-message-${i}`}>
                    {r?.message ?? 'not run (schema invalid)'}
                  </td>
                  <td className="swb-mono swb-small swb-muted">{Math.floor(v.hex.replace(/[^0-9a-f]/gi, '').length / 2)} B</td>
                  <td style={{ whiteSpace: 'nowrap' }}>
                    <Button size="small" variant="minimal" icon="import" title="Use as sample" onClick={() => setSample(v.hex, 'hex')} />
                    <Button size="small" variant="minimal" icon="edit" title="Edit expected values" active={open === i} onClick={() => setOpen(open === i ? undefined : i)} />
                    <Button size="small" variant="minimal" icon="trash" title="Delete vector" onClick={() => write(vectors.filter((_, k) => k !== i))} />
                  </td>
                </tr>,
                open === i ? (
                  <tr key={`${v.name}-edit`}>
                    <td />
                    <td colSpan={4}>
                      <TextArea
                        fill
                        rows={6}
                        className="swb-mono"
                        defaultValue={JSON.stringify(v.expect, null, 1)}
                        onBlur={(e) => {
                          try {
                            const expect = JSON.parse(e.target.value) as Vector['expect'];
                            setJsonError(undefined);
                            write(vectors.map((x, k) => (k === i ? { ...x, expect } : x)));
                          } catch (err) {
                            setJsonError(`Expected values are not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
                          }
                        }}
                      />
                      {jsonError ? <Callout compact intent="danger">{jsonError}</Callout> : <span className="swb-muted swb-small">Partial match: list only the values to check. Leave the field to apply.</span>}
                    </td>
                  </tr>
                ) : null,
              ];
            })}
          </tbody>
        </HTMLTable>
      ) : null}
    </div>
  );
}
