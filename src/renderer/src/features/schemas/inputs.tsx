import { FormGroup, HTMLSelect, InputGroup } from '@blueprintjs/core';
import { useEffect, useState } from 'react';

/*
 * Small dense property inputs. Numbers keep their own text while typing so "-" or "1." are not
 * rejected mid-entry; a value is committed only when it parses, and bad text is named inline.
 */

export function TextProp({ label, value, onChange, testId, placeholder, mono }: { label: string; value: string | undefined; onChange: (v: string | undefined) => void; testId: string; placeholder?: string; mono?: boolean }) {
  return (
    <FormGroup label={label} inline className="swb-prop">
      <InputGroup size="small" className={mono ? 'swb-mono' : undefined} value={value ?? ''} placeholder={placeholder} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} data-testid={testId} />
    </FormGroup>
  );
}

export function NumProp({ label, value, onChange, testId, integer, placeholder, min }: { label: string; value: number | undefined; onChange: (v: number | undefined) => void; testId: string; integer?: boolean; placeholder?: string; min?: number }) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    setText((t) => (Number(t) === value && t.trim() !== '' ? t : value === undefined ? '' : String(value)));
  }, [value]);
  const n = Number(text);
  const error = text.trim() === '' ? undefined : !Number.isFinite(n) ? 'not a number' : integer && !Number.isInteger(n) ? 'must be a whole number' : min !== undefined && n < min ? `at least ${min}` : undefined;
  return (
    <FormGroup label={label} inline className="swb-prop" intent={error ? 'danger' : 'none'} helperText={error}>
      <InputGroup
        size="small"
        value={text}
        placeholder={placeholder}
        intent={error ? 'danger' : 'none'}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          const v = Number(t);
          if (t.trim() === '') onChange(undefined);
          else if (Number.isFinite(v) && (!integer || Number.isInteger(v)) && (min === undefined || v >= min)) onChange(v);
        }}
        data-testid={testId}
      />
    </FormGroup>
  );
}

export function SelectProp<T extends string>({ label, value, options, onChange, testId, allowEmpty }: { label: string; value: T | undefined; options: readonly (T | { value: T; label: string })[]; onChange: (v: T | undefined) => void; testId: string; allowEmpty?: string }) {
  return (
    <FormGroup label={label} inline className="swb-prop">
      <HTMLSelect
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : (e.target.value as T))}
        data-testid={testId}
        options={[...(allowEmpty !== undefined ? [{ value: '', label: allowEmpty }] : []), ...options.map((o) => (typeof o === 'string' ? { value: o, label: o } : o))]}
      />
    </FormGroup>
  );
}
