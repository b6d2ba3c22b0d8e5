import { Button, Callout, HTMLTable, InputGroup, NonIdealState, Switch as Toggle, Tag } from '@blueprintjs/core';
import { CHECKSUM_ALGORITHMS, CHECKSUMS } from '#shared/frame/checksums';
import type { SchemaIssue } from '#shared/frame/plan';
import { useSchemaDraft } from '../../stores/schemaDraft';
import { changeType, FIELD_TYPES, FLOAT_TYPES, getAt, INT_TYPES, ORDERED_TYPES, ptrKey, referenceCandidates, SCALED_TYPES, setAt, uniqueName, type Field, type FieldTypeName, type Ptr, type TreeRow } from './fieldOps';
import { NumProp, SelectProp, TextProp } from './inputs';

const BYTE_ORDERS = [
  { value: 'BE', label: 'BE (ABCD) big-endian' },
  { value: 'LE', label: 'LE (DCBA) little-endian' },
  { value: 'CDAB', label: 'CDAB word-swapped' },
  { value: 'BADC', label: 'BADC byte-swapped' },
] as const;
type Order = (typeof BYTE_ORDERS)[number]['value'];
const WORDS = ['u8', 'u16', 'u32'] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Edits one property of the object at `ptr` (coalescing keystrokes into one undo step). */
function useEditor(ptr: Ptr) {
  const doc = useSchemaDraft((s) => s.doc);
  const edit = useSchemaDraft((s) => s.edit);
  const set = (key: string, value: unknown) => edit(setAt(doc, [...ptr, key], value), { coalesce: `${ptrKey(ptr)}/${key}` });
  const replace = (value: unknown) => edit(setAt(doc, ptr, value), { coalesce: `${ptrKey(ptr)}/*` });
  return { doc, set, replace };
}

export function PropertyPanel({ row, rows, issues }: { row: TreeRow | undefined; rows: TreeRow[]; issues: SchemaIssue[] }) {
  if (!row) return <SchemaProps issues={issues} />;
  if (row.kind === 'case' || row.kind === 'default') return <CaseProps row={row} />;
  return <FieldProps row={row} rows={rows} issues={issues} />;
}

function IssueList({ issues }: { issues: SchemaIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <Callout intent="danger" compact className="swb-prop-issues" data-testid="prop-issues">
      {issues.slice(0, 6).map((i, k) => (
        <div key={k}>
          <b>{i.path || 'schema'}</b>: {i.message}
        </div>
      ))}
      {issues.length > 6 ? <div>… {issues.length - 6} more</div> : null}
    </Callout>
  );
}

function SchemaProps({ issues }: { issues: SchemaIssue[] }) {
  const { doc, set } = useEditor([]);
  const framing = isObject(doc.framing) ? doc.framing : { kind: 'datagram' };
  const fset = (key: string, value: unknown) => set('framing', { ...framing, [key]: value });
  const kind = str(framing.kind) ?? 'datagram';
  const lengthSpec = isObject(framing.length) ? framing.length : { offset: 0, type: 'u8' };
  const counts = isObject(framing.counts) ? framing.counts : { from: 0 };
  const schemaIssues = issues.filter((i) => i.path === '');
  return (
    <div className="swb-props" data-testid="schema-props">
      <div className="swb-props-title">
        Schema <Tag minimal>format v1</Tag>
      </div>
      <IssueList issues={schemaIssues} />
      <TextProp label="Name" value={str(doc.name)} onChange={(v) => set('name', v ?? '')} testId="schema-name" />
      <TextProp label="Title" value={str(doc.title)} onChange={(v) => set('title', v)} testId="schema-title" />
      <TextProp label="Description" value={str(doc.description)} onChange={(v) => set('description', v)} testId="schema-description" />
      <SelectProp label="Default byte order" value={str(doc.byteOrder) as Order | undefined} options={BYTE_ORDERS} onChange={(v) => set('byteOrder', v)} testId="schema-byteorder" />
      <SelectProp
        label="Framing"
        value={kind as 'datagram'}
        options={[
          { value: 'datagram', label: 'datagram (one frame per packet)' },
          { value: 'fixed', label: 'fixed length' },
          { value: 'length', label: 'length field' },
          { value: 'delimiter', label: 'delimiter' },
        ]}
        onChange={(v) => {
          const sync = framing.sync;
          const base = { ...(sync !== undefined ? { sync } : {}) };
          if (v === 'fixed') set('framing', { kind: v, length: 8, ...base });
          else if (v === 'length') set('framing', { kind: v, length: { offset: 0, type: 'u8' }, counts: { from: 1 }, maxLength: 1024, ...base });
          else if (v === 'delimiter') set('framing', { kind: v, delimiter: '0D0A', maxLength: 1024, ...base });
          else set('framing', { kind: 'datagram', ...base });
        }}
        testId="schema-framing"
      />
      <TextProp label="Sync bytes (hex)" value={str(framing.sync)} onChange={(v) => fset('sync', v)} testId="schema-sync" placeholder="e.g. AA55" mono />
      {kind === 'fixed' ? <NumProp label="Frame length" value={num(framing.length)} onChange={(v) => fset('length', v)} testId="schema-length" integer min={1} /> : null}
      {kind === 'length' ? (
        <>
          <NumProp label="Length at offset" value={num(lengthSpec.offset)} onChange={(v) => fset('length', { ...lengthSpec, offset: v })} testId="schema-length-offset" integer min={0} />
          <SelectProp label="Length type" value={str(lengthSpec.type) as 'u8' | undefined} options={WORDS} onChange={(v) => fset('length', { ...lengthSpec, type: v })} testId="schema-length-type" />
          <NumProp label="Counts from byte" value={num(counts.from)} onChange={(v) => fset('counts', { ...counts, from: v })} testId="schema-counts-from" integer min={0} />
          <NumProp label="Uncounted trailer" value={num(counts.trailer)} onChange={(v) => fset('counts', { ...counts, trailer: v })} testId="schema-counts-trailer" integer min={0} />
        </>
      ) : null}
      {kind === 'delimiter' ? <TextProp label="Delimiter (hex)" value={str(framing.delimiter)} onChange={(v) => fset('delimiter', v)} testId="schema-delimiter" mono /> : null}
      {kind === 'length' || kind === 'delimiter' ? <NumProp label="Max length" value={num(framing.maxLength)} onChange={(v) => fset('maxLength', v)} testId="schema-maxlength" integer min={1} /> : null}
      <p className="swb-muted swb-small">Select a field in the tree to edit it; Esc returns here.</p>
    </div>
  );
}

function CaseProps({ row }: { row: TreeRow }) {
  const { doc, set } = useEditor(row.ptr);
  const c = getAt(doc, row.ptr);
  const when = isObject(c) ? c.when : undefined;
  const whenText = Array.isArray(when) ? when.join(', ') : when === undefined ? '' : String(when);
  return (
    <div className="swb-props" data-testid="case-props">
      <div className="swb-props-title">{row.kind === 'default' ? 'Default branch' : 'Switch case'}</div>
      {row.kind === 'case' ? (
        <>
          <TextProp
            label="When value(s)"
            value={whenText}
            onChange={(v) => {
              const parts = (v ?? '').split(/[\s,]+/).filter(Boolean).map(Number);
              if (parts.length > 0 && parts.every(Number.isInteger)) set('when', parts.length === 1 ? parts[0] : parts);
            }}
            testId="case-when"
            placeholder="e.g. 1 or 2, 3"
          />
          <TextProp label="Label" value={isObject(c) ? str(c.label) : undefined} onChange={(v) => set('label', v)} testId="case-label" />
        </>
      ) : null}
      <p className="swb-muted swb-small">Add fields to this branch with the branch selected.</p>
    </div>
  );
}

function FieldProps({ row, rows, issues }: { row: TreeRow; rows: TreeRow[]; issues: SchemaIssue[] }) {
  const { doc, set, replace } = useEditor(row.ptr);
  const raw = getAt(doc, row.ptr);
  const f: Field = isObject(raw) ? raw : {};
  const type = String(f.type ?? '') as FieldTypeName;
  const isItem = row.kind === 'items';
  const candidates = referenceCandidates(rows, row.ptr);
  const myIssues = issues;
  const typeOptions = FIELD_TYPES.filter((t) => !isItem || (t !== 'padding' && t !== 'checksum'));
  return (
    <div className="swb-props" data-testid="field-props">
      <div className="swb-props-title">
        {isItem ? 'Array items' : 'Field'} <Tag minimal className="swb-mono">{row.staticPath}</Tag>
      </div>
      <IssueList issues={myIssues} />
      {!isItem ? <TextProp label="Name" value={str(f.name)} onChange={(v) => set('name', v ?? '')} testId="prop-name" /> : null}
      <SelectProp label="Type" value={type} options={typeOptions} onChange={(v) => v && replace(changeType(f, v))} testId="prop-type" />
      {ORDERED_TYPES.has(type) ? <SelectProp label="Byte order" value={str(f.byteOrder) as Order | undefined} options={BYTE_ORDERS} onChange={(v) => set('byteOrder', v)} testId="prop-byteorder" allowEmpty="schema default" /> : null}
      {type === 'bcd' ? <SelectProp label="Byte order" value={str(f.byteOrder) as 'BE' | undefined} options={['BE', 'LE'] as const} onChange={(v) => set('byteOrder', v)} testId="prop-byteorder" allowEmpty="BE (default)" /> : null}
      {INT_TYPES.has(type) ? <NumProp label="Constant (raw)" value={num(f.const)} onChange={(v) => set('const', v)} testId="prop-const" integer placeholder="none" /> : null}
      {SCALED_TYPES.has(type) ? <ScalingProps f={f} set={set} /> : null}
      {['flags', 'bitfield', 'enum'].includes(type) ? <SelectProp label="Storage" value={str(f.storage) as 'u8' | undefined} options={WORDS} onChange={(v) => set('storage', v)} testId="prop-storage" /> : null}
      {type === 'flags' ? <FlagsEditor f={f} set={set} /> : null}
      {type === 'bitfield' ? <MembersEditor f={f} set={set} /> : null}
      {type === 'enum' ? <EnumEditor f={f} set={set} /> : null}
      {type === 'bcd' || type === 'padding' ? <NumProp label="Length (bytes)" value={num(f.length)} onChange={(v) => set('length', v)} testId="prop-length" integer min={1} /> : null}
      {type === 'string' ? <StringProps f={f} replace={replace} set={set} /> : null}
      {type === 'bytes' ? <BytesProps f={f} replace={replace} set={set} candidates={candidates} /> : null}
      {type === 'array' ? <ArrayProps f={f} replace={replace} set={set} candidates={candidates} /> : null}
      {type === 'switch' ? <SwitchProps f={f} set={set} candidates={candidates} /> : null}
      {type === 'checksum' ? (
        <>
          <SelectProp label="Algorithm" value={str(f.algorithm) as 'crc16-modbus' | undefined} options={CHECKSUM_ALGORITHMS.map((a) => ({ value: a, label: CHECKSUMS[a].title }))} onChange={(v) => set('algorithm', v)} testId="prop-algorithm" />
          <NumProp label="Covers from byte" value={num(f.from)} onChange={(v) => set('from', v)} testId="prop-from" integer min={0} placeholder="0" />
          <p className="swb-muted swb-small">Covers bytes from this offset up to the byte before the checksum.</p>
        </>
      ) : null}
      <TextProp label="Description" value={str(f.description)} onChange={(v) => set('description', v)} testId="prop-description" />
    </div>
  );
}

type Setter = (key: string, value: unknown) => void;

function ScalingProps({ f, set }: { f: Field; set: Setter }) {
  return (
    <>
      <NumProp label="Divisor (÷)" value={num(f.divisor)} onChange={(v) => set('divisor', v === 0 ? undefined : v)} testId="prop-divisor" placeholder="none" />
      <NumProp label="Multiplier (×)" value={num(f.multiplier)} onChange={(v) => set('multiplier', v === 0 ? undefined : v)} testId="prop-multiplier" placeholder="none" />
      <NumProp label="Offset (+)" value={num(f.offset)} onChange={(v) => set('offset', v)} testId="prop-offset" placeholder="0" />
      <TextProp label="Unit" value={str(f.unit)} onChange={(v) => set('unit', v)} testId="prop-unit" placeholder="e.g. bar" />
      <div className="swb-prop-pair">
        <NumProp label="Valid min" value={num(f.min)} onChange={(v) => set('min', v)} testId="prop-min" placeholder="none" />
        <NumProp label="max" value={num(f.max)} onChange={(v) => set('max', v)} testId="prop-max" placeholder="none" />
      </div>
      {FLOAT_TYPES.has(String(f.type)) ? null : <p className="swb-muted swb-small">value = raw ÷ divisor (or × multiplier) + offset</p>}
    </>
  );
}

function FlagsEditor({ f, set }: { f: Field; set: Setter }) {
  const flags = Array.isArray(f.flags) ? (f.flags as Field[]) : [];
  const width = f.storage === 'u8' ? 8 : f.storage === 'u32' ? 32 : 16;
  const update = (i: number, key: string, value: unknown) => set('flags', flags.map((x, k) => (k === i ? { ...x, [key]: value } : x)));
  const used = new Set(flags.map((x) => x.bit));
  const nextBit = Array.from({ length: width }, (_, b) => b).find((b) => !used.has(b));
  return (
    <div className="swb-subeditor">
      <div className="swb-subeditor-title">Flags (bit 0 = least significant)</div>
      <HTMLTable compact className="swb-table-full swb-subtable">
        <thead>
          <tr>
            <th>Bit</th>
            <th>Name</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {flags.map((flag, i) => (
            <tr key={i}>
              <td style={{ width: 56 }}>
                <InputGroup size="small" value={String(flag.bit ?? '')} onChange={(e) => Number.isInteger(Number(e.target.value)) && e.target.value !== '' && update(i, 'bit', Number(e.target.value))} data-testid={`flag-bit-${i}`} />
              </td>
              <td>
                <InputGroup size="small" value={String(flag.name ?? '')} onChange={(e) => update(i, 'name', e.target.value)} data-testid={`flag-name-${i}`} />
              </td>
              <td style={{ width: 28 }}>
                <Button size="small" variant="minimal" icon="cross" aria-label="Remove flag" onClick={() => set('flags', flags.filter((_, k) => k !== i))} />
              </td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
      <Button size="small" icon="add" text="Add flag" disabled={nextBit === undefined} onClick={() => set('flags', [...flags, { name: uniqueName(new Set(flags.map((x) => String(x.name))), `flag${nextBit}`), bit: nextBit }])} data-testid="flag-add" />
    </div>
  );
}

function MembersEditor({ f, set }: { f: Field; set: Setter }) {
  const members = Array.isArray(f.members) ? (f.members as Field[]) : [];
  const update = (i: number, key: string, value: unknown) => set('members', members.map((x, k) => (k === i ? { ...x, [key]: value } : x)));
  const numCell = (i: number, key: string, m: Field) => (
    <InputGroup size="small" value={String(m[key] ?? '')} onChange={(e) => update(i, key, e.target.value === '' ? undefined : Number.isFinite(Number(e.target.value)) ? Number(e.target.value) : m[key])} data-testid={`member-${key}-${i}`} />
  );
  return (
    <div className="swb-subeditor">
      <div className="swb-subeditor-title">Bit fields</div>
      <HTMLTable compact className="swb-table-full swb-subtable">
        <thead>
          <tr>
            <th>Name</th>
            <th>Bit</th>
            <th>Width</th>
            <th>Kind</th>
            <th>÷</th>
            <th>Unit</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {members.map((m, i) => (
            <tr key={i}>
              <td>
                <InputGroup size="small" value={String(m.name ?? '')} onChange={(e) => update(i, 'name', e.target.value)} data-testid={`member-name-${i}`} />
              </td>
              <td style={{ width: 44 }}>{numCell(i, 'bitOffset', m)}</td>
              <td style={{ width: 44 }}>{numCell(i, 'bitWidth', m)}</td>
              <td>
                <select value={String(m.kind ?? 'uint')} onChange={(e) => update(i, 'kind', e.target.value === 'uint' ? undefined : e.target.value)} className="swb-mini-select">
                  <option value="uint">uint</option>
                  <option value="int">int</option>
                  <option value="bool">bool</option>
                </select>
              </td>
              <td style={{ width: 44 }}>{numCell(i, 'divisor', m)}</td>
              <td style={{ width: 48 }}>
                <InputGroup size="small" value={String(m.unit ?? '')} onChange={(e) => update(i, 'unit', e.target.value || undefined)} />
              </td>
              <td style={{ width: 28 }}>
                <Button size="small" variant="minimal" icon="cross" aria-label="Remove member" onClick={() => set('members', members.filter((_, k) => k !== i))} />
              </td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
      <Button
        size="small"
        icon="add"
        text="Add bit field"
        onClick={() => {
          const next = members.reduce((n, m) => Math.max(n, Number(m.bitOffset ?? 0) + Number(m.bitWidth ?? 1)), 0);
          set('members', [...members, { name: uniqueName(new Set(members.map((m) => String(m.name))), 'bits'), bitOffset: next, bitWidth: 1 }]);
        }}
        data-testid="member-add"
      />
    </div>
  );
}

function EnumEditor({ f, set }: { f: Field; set: Setter }) {
  const values = isObject(f.values) ? Object.entries(f.values) : [];
  const write = (entries: [string, unknown][]) => set('values', Object.fromEntries(entries));
  return (
    <div className="swb-subeditor">
      <div className="swb-subeditor-title">Values</div>
      <HTMLTable compact className="swb-table-full swb-subtable">
        <tbody>
          {values.map(([k, v], i) => (
            <tr key={i}>
              <td style={{ width: 64 }}>
                <InputGroup size="small" value={k} onChange={(e) => /^\d*$/.test(e.target.value) && write(values.map((x, j) => (j === i ? [e.target.value, x[1]] : x)))} data-testid={`enum-value-${i}`} />
              </td>
              <td>
                <InputGroup size="small" value={String(v)} onChange={(e) => write(values.map((x, j) => (j === i ? [x[0], e.target.value] : x)))} data-testid={`enum-label-${i}`} />
              </td>
              <td style={{ width: 28 }}>
                <Button size="small" variant="minimal" icon="cross" aria-label="Remove value" onClick={() => write(values.filter((_, j) => j !== i))} />
              </td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
      <div className="swb-form-row">
        <Button size="small" icon="add" text="Add value" onClick={() => write([...values, [String(values.reduce((n, [k]) => Math.max(n, Number(k) + 1), 0)), 'label']])} data-testid="enum-add" />
        <Toggle label="Strict (unknown = error)" checked={f.strict === true} onChange={(e) => set('strict', e.currentTarget.checked ? true : undefined)} />
      </div>
    </div>
  );
}

function StringProps({ f, set, replace }: { f: Field; set: Setter; replace: (v: unknown) => void }) {
  const mode = str(f.mode) ?? 'fixed';
  return (
    <>
      <SelectProp label="Encoding" value={str(f.encoding) as 'ascii' | undefined} options={['ascii', 'utf8'] as const} onChange={(v) => set('encoding', v)} testId="prop-encoding" />
      <SelectProp
        label="Termination"
        value={mode as 'fixed'}
        options={[
          { value: 'fixed', label: 'fixed length' },
          { value: 'prefixed', label: 'length-prefixed' },
          { value: 'zero', label: 'zero-terminated' },
        ]}
        onChange={(v) => {
          const base = { name: f.name, type: 'string', encoding: f.encoding ?? 'ascii', ...(f.description ? { description: f.description } : {}) };
          replace(v === 'prefixed' ? { ...base, mode: v, prefix: 'u8' } : v === 'zero' ? { ...base, mode: v, maxLength: 32 } : { ...base, mode: 'fixed', length: 8 });
        }}
        testId="prop-string-mode"
      />
      {mode === 'fixed' ? (
        <>
          <NumProp label="Length (bytes)" value={num(f.length)} onChange={(v) => set('length', v)} testId="prop-length" integer min={1} />
          <SelectProp label="Padding" value={str(f.pad) as 'nul' | undefined} options={['nul', 'space'] as const} onChange={(v) => set('pad', v)} testId="prop-pad" allowEmpty="nul (default)" />
        </>
      ) : null}
      {mode === 'prefixed' ? <SelectProp label="Length prefix" value={str(f.prefix) as 'u8' | undefined} options={WORDS} onChange={(v) => set('prefix', v)} testId="prop-prefix" /> : null}
      {mode !== 'fixed' ? <NumProp label="Max length" value={num(f.maxLength)} onChange={(v) => set('maxLength', v)} testId="prop-maxlength" integer min={1} /> : null}
    </>
  );
}

function sizeMode(f: Field, countKey: string, refKey: string): 'fixed' | 'ref' | 'end' {
  return f.untilEnd === true ? 'end' : f[refKey] !== undefined ? 'ref' : f[countKey] !== undefined || countKey === 'length' ? 'fixed' : 'fixed';
}

function CountProps({ f, replace, countKey, refKey, candidates, label }: { f: Field; replace: (v: unknown) => void; countKey: string; refKey: string; candidates: string[]; label: string }) {
  const mode = sizeMode(f, countKey, refKey);
  const strip = () => {
    const copy = { ...f };
    delete copy[countKey];
    delete copy[refKey];
    delete copy.untilEnd;
    return copy;
  };
  return (
    <>
      <SelectProp
        label={`${label} from`}
        value={mode}
        options={[
          { value: 'fixed', label: 'fixed number' },
          { value: 'ref', label: 'an earlier field' },
          { value: 'end', label: 'until end of frame' },
        ]}
        onChange={(v) => replace(v === 'ref' ? { ...strip(), [refKey]: candidates[candidates.length - 1] ?? '' } : v === 'end' ? { ...strip(), untilEnd: true } : { ...strip(), [countKey]: 1 })}
        testId="prop-count-mode"
      />
      {mode === 'fixed' ? <NumProp label={label} value={num(f[countKey])} onChange={(v) => replace({ ...f, [countKey]: v })} testId="prop-count" integer min={0} /> : null}
      {mode === 'ref' ? (
        <SelectProp label={`${label} field`} value={str(f[refKey])} options={candidates.includes(String(f[refKey] ?? '')) || !f[refKey] ? candidates : [...candidates, String(f[refKey])]} onChange={(v) => replace({ ...f, [refKey]: v ?? '' })} testId="prop-count-ref" allowEmpty="(choose)" />
      ) : null}
    </>
  );
}

function BytesProps({ f, set, replace, candidates }: { f: Field; set: Setter; replace: (v: unknown) => void; candidates: string[] }) {
  return (
    <>
      <CountProps f={f} replace={replace} countKey="length" refKey="lengthFrom" candidates={candidates} label="Length" />
      <TextProp label="Constant (hex)" value={str(f.const)} onChange={(v) => set('const', v)} testId="prop-const-hex" placeholder="none, e.g. AA55" mono />
    </>
  );
}

function ArrayProps({ f, set, replace, candidates }: { f: Field; set: Setter; replace: (v: unknown) => void; candidates: string[] }) {
  return (
    <>
      <CountProps f={f} replace={replace} countKey="count" refKey="countFrom" candidates={candidates} label="Count" />
      <NumProp label="Max count" value={num(f.maxCount)} onChange={(v) => set('maxCount', v)} testId="prop-maxcount" integer min={1} placeholder="65535" />
      <p className="swb-muted swb-small">Select the “items” row below the array to set the element type.</p>
    </>
  );
}

function SwitchProps({ f, set, candidates }: { f: Field; set: Setter; candidates: string[] }) {
  const cases = Array.isArray(f.cases) ? (f.cases as Field[]) : [];
  const usedWhen = new Set(cases.flatMap((c) => (Array.isArray(c.when) ? c.when : [c.when])).map(Number));
  let nextWhen = 1;
  while (usedWhen.has(nextWhen)) nextWhen++;
  return (
    <>
      <SelectProp label="Switch on" value={str(f.on)} options={candidates.includes(String(f.on ?? '')) || !f.on ? candidates : [...candidates, String(f.on)]} onChange={(v) => set('on', v ?? '')} testId="prop-switch-on" allowEmpty="(choose an earlier field)" />
      <div className="swb-form-row">
        <Button size="small" icon="add" text="Add case" onClick={() => set('cases', [...cases, { when: nextWhen, fields: [] }])} data-testid="switch-add-case" />
        <Toggle label="Default branch" checked={isObject(f.default)} onChange={(e) => set('default', e.currentTarget.checked ? { fields: [] } : undefined)} />
      </div>
      {cases.length > 1 ? (
        <div className="swb-small swb-muted">
          Cases:{' '}
          {cases.map((c, i) => (
            <Tag key={i} minimal onRemove={() => set('cases', cases.filter((_, k) => k !== i))} className="swb-ml-xs">
              {Array.isArray(c.when) ? c.when.join(',') : String(c.when)}
            </Tag>
          ))}
        </div>
      ) : null}
    </>
  );
}

export function NoSchema() {
  return <NonIdealState icon="th-derived" title="No schema selected" description="Create a schema, import one, or pick one from the list." />;
}
