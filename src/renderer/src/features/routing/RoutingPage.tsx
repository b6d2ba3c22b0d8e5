import { Button, ButtonGroup, Callout, Checkbox, FormGroup, HTMLSelect, HTMLTable, InputGroup, NonIdealState, Switch, Tag, TextArea } from '@blueprintjs/core';
import { useEffect, useMemo, useState } from 'react';
import type { RouteRuleInput } from '#shared/routing/index';
import { PageHeader } from '../../components/PageHeader';
import { ConfigHistoryDrawer } from './ConfigHistory';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { rpc } from '../../rpc/client';
import { useGatewayStatus } from '../sources/useGatewayStatus';

type Rule = RouteRuleInput & { match: NonNullable<RouteRuleInput['match']> };

const OPERATORS = ['>', '>=', '<', '<=', '==', '!='];

function renumber(rules: Rule[]): Rule[] {
  return rules.map((r, i) => ({ ...r, priority: (i + 1) * 10 }));
}

/** Condition builder: pick a field of the schema, an operator and a value; or write the expression. */
function ConditionEditor({ value, onChange, fields, error }: { value: string; onChange: (v: string) => void; fields: Array<{ path: string; unit?: string; type: string }>; error: string | undefined }) {
  const [field, setField] = useState(fields[0]?.path ?? '');
  const [op, setOp] = useState('>');
  const [operand, setOperand] = useState('0');
  useEffect(() => {
    if (!field && fields[0]) setField(fields[0].path);
  }, [fields, field]);
  const isBool = fields.find((f) => f.path === field)?.type === 'bool';
  const clause = isBool ? `${field} == ${operand === 'false' ? 'false' : 'true'}` : `${field} ${op} ${operand}`;
  return (
    <div>
      <div className="swb-form-row">
        <FormGroup label="Field" className="swb-compact-form">
          <HTMLSelect data-testid="cond-field" value={field} onChange={(e) => setField(e.target.value)} options={fields.map((f) => ({ value: f.path, label: `${f.path}${f.unit ? ` [${f.unit}]` : ''}` }))} />
        </FormGroup>
        {isBool ? null : (
          <FormGroup label="Operator" className="swb-compact-form">
            <HTMLSelect data-testid="cond-op" value={op} onChange={(e) => setOp(e.target.value)} options={OPERATORS} />
          </FormGroup>
        )}
        <FormGroup label="Value" className="swb-compact-form">
          {isBool ? (
            <HTMLSelect value={operand === 'false' ? 'false' : 'true'} onChange={(e) => setOperand(e.target.value)} options={['true', 'false']} />
          ) : (
            <InputGroup size="small" data-testid="cond-value" value={operand} onChange={(e) => setOperand(e.target.value)} style={{ width: 90 }} />
          )}
        </FormGroup>
        <ButtonGroup size="small" style={{ marginBottom: 8 }}>
          <Button text="Set" data-testid="cond-set" onClick={() => onChange(clause)} />
          <Button text="and" disabled={!value} onClick={() => onChange(`${value} and ${clause}`)} />
          <Button text="or" disabled={!value} onClick={() => onChange(`${value} or ${clause}`)} />
        </ButtonGroup>
      </div>
      <FormGroup label="Condition (expression)" helperText="e.g. flow_rate > 400 and status.pump_running; empty = always" intent={error ? 'danger' : 'none'} className="swb-compact-form">
        <InputGroup size="small" className="swb-mono" data-testid="rule-condition" intent={error ? 'danger' : 'none'} value={value} onChange={(e) => onChange(e.target.value)} placeholder="always" />
      </FormGroup>
      {error ? (
        <div className="swb-error-text" data-testid="rule-condition-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** Routing rules: ordered list (drag or arrows), editor with condition builder, validation, dry run. */
export default function RoutingPage() {
  const cfg = useRpcQuery('gateway.config.get', {});
  const schemas = useRpcQuery('gateway.schemas.list', {});
  const status = useGatewayStatus();
  const save = useRpcMutation('gateway.rules.save', ['gateway.config.get', 'gateway.config.history']);
  const [rules, setRules] = useState<Rule[]>([]);
  const [sel, setSel] = useState(0);
  const [dragFrom, setDragFrom] = useState<number | undefined>();
  const [errors, setErrors] = useState<Array<{ index: number; path: string; message: string }>>([]);
  useEffect(() => {
    if (cfg.data) setRules(cfg.data.config.rules.map((r) => ({ ...r, match: r.match ?? {} })) as Rule[]);
  }, [cfg.data]);
  const dirty = cfg.data !== undefined && JSON.stringify(rules) !== JSON.stringify(cfg.data.config.rules);
  const targets = cfg.data?.config.targets ?? [];
  const sources = cfg.data?.config.sources ?? [];
  const rule = rules[sel];

  // Validate on every edit (debounced) with the core's compiler: the same check as on save.
  useEffect(() => {
    const t = setTimeout(() => {
      void rpc.call('gateway.rules.validate', { rules }).then((r) => setErrors(r.errors), () => {});
    }, 200);
    return () => clearTimeout(t);
  }, [rules]);

  const schemaId = rule?.match.schema?.split('@')[0] ?? sources[0]?.schemaId ?? 'pump-telemetry';
  const fields = useMemo(() => schemas.data?.find((s) => s.schemaId === schemaId)?.fields ?? [], [schemas.data, schemaId]);
  const update = (patch: Partial<Rule>) => setRules((rs) => rs.map((r, i) => (i === sel ? { ...r, ...patch } : r)));
  const updateMatch = (patch: Partial<Rule['match']>) => {
    const m: Record<string, unknown> = { ...rule?.match, ...patch };
    for (const k of Object.keys(m)) if (m[k] === '' || m[k] === undefined) delete m[k];
    update({ match: m as Rule['match'] });
  };
  const move = (from: number, to: number) => {
    if (to < 0 || to >= rules.length || from === to) return;
    const next = [...rules];
    const [r] = next.splice(from, 1);
    next.splice(to, 0, r!);
    setRules(renumber(next));
    setSel(to);
  };
  const errorFor = (index: number, path: string) => errors.find((e) => e.index === index && e.path.startsWith(path))?.message;
  const [historyOpen, setHistoryOpen] = useState(false);
  const addRule = () => {
    const id = `rule-${rules.length + 1}`;
    setRules([...rules, { id, name: '', enabled: true, priority: (rules.length + 1) * 10, match: {}, actions: { targets: targets[0] ? [targets[0].id] : [] }, stop: false }]);
    setSel(rules.length);
  };

  return (
    <div className="swb-page">
      <PageHeader
        title="Routing"
        subtitle="Rules run top to bottom; every matching rule delivers until one with 'stop' matches"
        actions={
          <>
            <Button icon="history" text="History" data-testid="config-history-open" onClick={() => setHistoryOpen(true)} />
            <Button icon="add" text="New rule" data-testid="rule-new" onClick={addRule} />
            <Button icon="undo" text="Discard" disabled={!dirty} onClick={() => cfg.data && setRules(cfg.data.config.rules as Rule[])} />
            <Button icon="floppy-disk" intent="primary" text="Save & deploy" data-testid="rules-save" disabled={!dirty || errors.length > 0} loading={save.isPending} onClick={() => save.mutate({ rules: rules as never })} />
          </>
        }
      />
      {save.error ? <Callout intent="danger" compact data-testid="rules-save-error">{save.error.message}</Callout> : null}
      <ConfigHistoryDrawer isOpen={historyOpen} onClose={() => setHistoryOpen(false)} />
      <div className="swb-grid" style={{ gridTemplateColumns: 'minmax(380px, 1fr) minmax(420px, 1.3fr)' }}>
        <section className="swb-card">
          <h3>Rules</h3>
          {rules.length === 0 ? (
            <NonIdealState icon="flows" title="No rules" description="Messages that match no rule go nowhere. Add a rule to deliver them to a target." />
          ) : (
            <HTMLTable compact interactive className="swb-table-full" data-testid="rules-table">
              <thead>
                <tr>
                  <th />
                  <th>Rule</th>
                  <th>Match</th>
                  <th>Targets</th>
                  <th style={{ textAlign: 'right' }}>Hits</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rules.map((r, i) => {
                  const st = status?.rules.find((s) => s.ruleId === r.id);
                  const bad = errors.some((e) => e.index === i);
                  return (
                    <tr
                      key={`${r.id}-${i}`}
                      draggable
                      onDragStart={() => setDragFrom(i)}
                      onDragOver={(e) => e.preventDefault()}
                      onDrop={() => dragFrom !== undefined && move(dragFrom, i)}
                      onClick={() => setSel(i)}
                      style={i === sel ? { background: 'rgba(45, 114, 210, 0.12)' } : undefined}
                      data-testid={`rule-row-${r.id}`}
                    >
                      <td title="Drag to reorder" style={{ cursor: 'grab' }}>
                        ⋮⋮
                      </td>
                      <td>
                        <b>{r.id}</b> {r.enabled === false ? <Tag minimal>off</Tag> : null} {r.stop ? <Tag minimal intent="warning">stop</Tag> : null} {bad ? <Tag minimal intent="danger">error</Tag> : null}
                        <div className="swb-small swb-muted">{r.name}</div>
                      </td>
                      <td className="swb-mono swb-small">
                        {[r.match.source && `source ${r.match.source}`, r.match.schema && `schema ${r.match.schema}`, r.match.condition].filter(Boolean).join(' · ') || 'everything'}
                      </td>
                      <td className="swb-small">{r.actions.targets.join(', ') || '—'}</td>
                      <td style={{ textAlign: 'right' }} data-testid={`rule-hits-${r.id}`}>{st?.hits ?? 0}</td>
                      <td onClick={(e) => e.stopPropagation()}>
                        <ButtonGroup size="small" variant="minimal">
                          <Button icon="arrow-up" title="Move up" onClick={() => move(i, i - 1)} />
                          <Button icon="arrow-down" title="Move down" onClick={() => move(i, i + 1)} />
                          <Button icon="trash" title="Delete" onClick={() => { setRules(renumber(rules.filter((_, j) => j !== i))); setSel(0); }} />
                        </ButtonGroup>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </HTMLTable>
          )}
        </section>
        <section className="swb-card" data-testid="rule-editor">
          <h3>{rule ? `Rule ${rule.id}` : 'Rule'}</h3>
          {rule ? (
            <>
              <div className="swb-form-row">
                <FormGroup label="Id" className="swb-compact-form" intent={errorFor(sel, 'id') ? 'danger' : 'none'} helperText={errorFor(sel, 'id')}>
                  <InputGroup size="small" data-testid="rule-id" value={rule.id} onChange={(e) => update({ id: e.target.value })} />
                </FormGroup>
                <FormGroup label="Name" className="swb-compact-form">
                  <InputGroup size="small" data-testid="rule-name" value={rule.name ?? ''} onChange={(e) => update({ name: e.target.value })} />
                </FormGroup>
              </div>
              <div className="swb-form-row">
                <FormGroup label="Source (glob)" className="swb-compact-form" helperText={errorFor(sel, 'match.source') ?? '* any run, ? one character; empty = any'}>
                  <InputGroup size="small" data-testid="rule-source" value={rule.match.source ?? ''} placeholder="any" onChange={(e) => updateMatch({ source: e.target.value })} />
                </FormGroup>
                <FormGroup label="Schema" className="swb-compact-form">
                  <HTMLSelect data-testid="rule-schema" value={rule.match.schema ?? ''} onChange={(e) => updateMatch({ schema: e.target.value })} options={[{ value: '', label: 'any' }, ...(schemas.data ?? []).map((s) => ({ value: s.schemaId, label: s.schemaId }))]} />
                </FormGroup>
              </div>
              <ConditionEditor value={rule.match.condition ?? ''} onChange={(v) => updateMatch({ condition: v })} fields={fields} error={errorFor(sel, 'match.condition')} />
              <FormGroup label="Deliver to" className="swb-compact-form" helperText={errorFor(sel, 'actions.targets')} intent={errorFor(sel, 'actions.targets') ? 'danger' : 'none'}>
                {targets.length === 0 ? <span className="swb-muted">No targets yet — add one on the Targets page.</span> : null}
                {targets.map((t) => (
                  <Checkbox
                    key={t.id}
                    inline
                    data-testid={`rule-target-${t.id}`}
                    label={t.id}
                    checked={rule.actions.targets.includes(t.id)}
                    onChange={(e) => update({ actions: { ...rule.actions, targets: e.currentTarget.checked ? [...rule.actions.targets, t.id] : rule.actions.targets.filter((x) => x !== t.id) } })}
                  />
                ))}
              </FormGroup>
              <FormGroup label="Transforms (JSON list)" className="swb-compact-form" helperText={errorFor(sel, 'actions.transforms') ?? 'rename / select / convert / derive, e.g. [{"kind":"derive","field":"head_m","expression":"(discharge_pressure - suction_pressure) * 10.2"}]'} intent={errorFor(sel, 'actions.transforms') ? 'danger' : 'none'}>
                <TransformsField value={rule.actions.transforms ?? []} onChange={(transforms) => update({ actions: { ...rule.actions, transforms: transforms as never } })} />
              </FormGroup>
              <FormGroup label="Output" className="swb-compact-form">
                <HTMLSelect
                  value={rule.actions.output === undefined || rule.actions.output === 'json' ? 'json' : `re:${rule.actions.output.reencode}`}
                  onChange={(e) => update({ actions: { ...rule.actions, output: e.target.value === 'json' ? 'json' : { reencode: e.target.value.slice(3) } } })}
                  options={[{ value: 'json', label: 'JSON (id, source, fields)' }, ...(schemas.data ?? []).map((s) => ({ value: `re:${s.schemaId}`, label: `re-encode as ${s.schemaId}` }))]}
                />
              </FormGroup>
              <Switch inline label="Enabled" checked={rule.enabled !== false} onChange={(e) => update({ enabled: e.currentTarget.checked })} />
              <Switch inline label="Stop after match" checked={rule.stop === true} onChange={(e) => update({ stop: e.currentTarget.checked })} />
            </>
          ) : (
            <p className="swb-muted">Select or add a rule.</p>
          )}
        </section>
        <DryRunPanel rules={rules} sources={sources.map((s) => s.id)} />
      </div>
    </div>
  );
}

function TransformsField({ value, onChange }: { value: unknown[]; onChange: (v: unknown[]) => void }) {
  const [text, setText] = useState(JSON.stringify(value));
  const [bad, setBad] = useState<string | undefined>();
  useEffect(() => setText(JSON.stringify(value)), [value]);
  return (
    <>
      <TextArea
        fill
        className="swb-mono"
        rows={2}
        data-testid="rule-transforms"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          try {
            const v = JSON.parse(e.target.value) as unknown;
            if (!Array.isArray(v)) throw new Error('expected a JSON list [...]');
            setBad(undefined);
            onChange(v);
          } catch (err) {
            setBad((err as Error).message);
          }
        }}
      />
      {bad ? <div className="swb-error-text">{bad}</div> : null}
    </>
  );
}

function DryRunPanel({ rules, sources }: { rules: Rule[]; sources: string[] }) {
  const [sourceId, setSourceId] = useState(sources[0] ?? 'udp-1');
  const [hex, setHex] = useState('');
  const dry = useRpcMutation('gateway.rules.dryRun');
  const last = useRpcQuery('gateway.sources.frames', { id: sources[0] ?? 'none', limit: 1 }, { enabled: sources.length > 0 });
  useEffect(() => {
    if (!sources.includes(sourceId) && sources[0]) setSourceId(sources[0]);
  }, [sources, sourceId]);
  return (
    <section className="swb-card" style={{ gridColumn: '1 / -1' }} data-testid="dry-run">
      <h3>Dry run</h3>
      <div className="swb-form-row">
        <FormGroup label="As if from source" className="swb-compact-form">
          <InputGroup size="small" data-testid="dry-source" value={sourceId} onChange={(e) => setSourceId(e.target.value)} />
        </FormGroup>
        <FormGroup label="Frame (hex)" className="swb-compact-form" style={{ flex: 1 }}>
          <InputGroup size="small" className="swb-mono" data-testid="dry-hex" value={hex} onChange={(e) => setHex(e.target.value)} placeholder="AA 55 01 07 …" />
        </FormGroup>
        <Button size="small" text="Use last frame" style={{ marginBottom: 8 }} disabled={!last.data?.[0]} onClick={() => last.data?.[0] && setHex(last.data[0].hex)} />
        <Button size="small" intent="primary" icon="play" text="Run" data-testid="dry-run-go" style={{ marginBottom: 8 }} loading={dry.isPending} onClick={() => dry.mutate({ sourceId, hex, rules })} />
      </div>
      {dry.error ? <Callout intent="danger" compact>{dry.error.message}</Callout> : null}
      {dry.data?.decodeError ? <Callout intent="warning" compact data-testid="dry-decode-error">{dry.data.decodeError}</Callout> : null}
      {dry.data?.ruleErrors.length ? <Callout intent="danger" compact>{dry.data.ruleErrors[0]?.message}</Callout> : null}
      {dry.data && dry.data.entries.length > 0 ? (
        <HTMLTable compact className="swb-table-full" data-testid="dry-results">
          <tbody>
            {dry.data.entries.map((e) => (
              <tr key={e.ruleId}>
                <td style={{ width: 30 }}>{e.matched ? <Tag intent="success" minimal>✓</Tag> : <Tag minimal>–</Tag>}</td>
                <td>
                  <b>{e.ruleId}</b>
                </td>
                <td className="swb-small">{e.reason}</td>
                <td className="swb-small">{e.targets.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      ) : null}
      {dry.data?.deliveries.map((d) => (
        <div key={d.ruleId} className="swb-small">
          <b>{d.ruleId}</b> → {d.targets.join(', ')}: {d.error ? <span className="swb-error-text">{d.error}</span> : <code className="swb-mono">{d.output.slice(0, 400)}</code>}
        </div>
      ))}
    </section>
  );
}
