import { Button, ButtonGroup, Callout, HTMLSelect, HTMLTable, Tag, TextArea } from '@blueprintjs/core';
import { useRef, useState } from 'react';
import { bytesToHex } from '#shared/frame/hex';
import type { MessageLogEntry } from '#shared/rpc/domains/gateway';
import { rpc } from '../../rpc/client';
import { useRpcQuery } from '../../queries/rpcQuery';
import { useSchemaDraft } from '../../stores/schemaDraft';
import { formatTime } from '../../components/format';

/** Largest sample file loaded into the designer (a frame is at most 1 MiB). */
const MAX_SAMPLE_BYTES = 1 << 20;

/** Sample frame input: paste hex or base64, load a binary file, or capture the last frames of a gateway source. */
export function SamplePanel({ error, byteCount }: { error: string | undefined; byteCount: number | undefined }) {
  const text = useSchemaDraft((s) => s.sampleText);
  const format = useSchemaDraft((s) => s.sampleFormat);
  const setSample = useSchemaDraft((s) => s.setSample);
  const file = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [captureOpen, setCaptureOpen] = useState(false);

  return (
    <div className="swb-sample">
      <div className="swb-toolbar swb-toolbar-tight">
        <ButtonGroup size="small">
          <Button text="Hex" active={format === 'hex'} onClick={() => setSample(text, 'hex')} data-testid="sample-format-hex" />
          <Button text="Base64" active={format === 'base64'} onClick={() => setSample(text, 'base64')} data-testid="sample-format-base64" />
        </ButtonGroup>
        <Button size="small" icon="document-open" text="Load file…" onClick={() => file.current?.click()} data-testid="sample-load-file" />
        <input
          ref={file}
          type="file"
          hidden
          data-testid="sample-file-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (!f) return;
            if (f.size > MAX_SAMPLE_BYTES) {
              setFileError(`${f.name} has ${f.size} bytes; a sample frame may have at most ${MAX_SAMPLE_BYTES}`);
              return;
            }
            setFileError(undefined);
            void f.arrayBuffer().then((buf) => setSample(bytesToHex(new Uint8Array(buf), ' '), 'hex'));
          }}
        />
        <Button size="small" icon="satellite" text="Capture…" active={captureOpen} onClick={() => setCaptureOpen(!captureOpen)} data-testid="sample-capture" />
        <Button size="small" variant="minimal" icon="eraser" aria-label="Clear sample" onClick={() => setSample('')} disabled={text === ''} />
        <span className="swb-muted swb-small">{byteCount !== undefined ? `${byteCount} bytes` : ''}</span>
      </div>
      <TextArea
        fill
        className="swb-mono swb-sample-input"
        rows={2}
        placeholder={format === 'hex' ? 'Paste a frame as hex: AA 55 01 07 … (spaces, 0x and commas are fine)' : 'Paste a frame as base64'}
        value={text}
        onChange={(e) => setSample(e.target.value)}
        intent={error ? 'danger' : 'none'}
        data-testid="sample-input"
      />
      {error ? <div className="swb-error-text" data-testid="sample-error">{error}</div> : null}
      {fileError ? <div className="swb-error-text">{fileError}</div> : null}
      {captureOpen ? <CapturePanel onPick={(hex) => setSample(hex, 'hex')} /> : null}
    </div>
  );
}

function CapturePanel({ onPick }: { onPick: (hex: string) => void }) {
  const status = useRpcQuery('gateway.status', {}, { retry: false });
  const [sourceId, setSourceId] = useState<string>('');
  const [frames, setFrames] = useState<MessageLogEntry[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [loading, setLoading] = useState(false);
  const sources = status.data?.sources ?? [];
  const chosen = sourceId || sources[0]?.id || '';
  const capture = () => {
    if (!chosen) return;
    setLoading(true);
    setError(undefined);
    rpc.call('gateway.sources.frames', { id: chosen, limit: 20 }).then(
      (r) => {
        setFrames(r);
        setLoading(false);
      },
      (e: unknown) => {
        setError(e instanceof Error ? e.message : String(e));
        setLoading(false);
      },
    );
  };
  if (status.error) return <Callout compact intent="warning">Capture needs the gateway: {status.error.message}</Callout>;
  return (
    <div className="swb-capture" data-testid="capture-panel">
      <div className="swb-toolbar swb-toolbar-tight">
        <HTMLSelect value={chosen} onChange={(e) => setSourceId(e.target.value)} disabled={sources.length === 0} data-testid="capture-source">
          {sources.length === 0 ? <option value="">no sources configured</option> : null}
          {sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id} ({s.kind}, {s.state})
            </option>
          ))}
        </HTMLSelect>
        <Button size="small" icon="import" text="Last frames" disabled={!chosen} loading={loading} onClick={capture} data-testid="capture-fetch" />
      </div>
      {error ? <div className="swb-error-text">{error}</div> : null}
      {frames ? (
        frames.length === 0 ? (
          <div className="swb-muted swb-small">No frames received from {chosen} yet.</div>
        ) : (
          <HTMLTable compact interactive className="swb-table-full swb-capture-table">
            <tbody>
              {frames.map((f) => (
                <tr key={f.id} onClick={() => onPick(f.hex)}>
                  <td className="swb-small">{formatTime(f.time)}</td>
                  <td className="swb-small">{f.peer}</td>
                  <td>{f.ok ? <Tag minimal intent="success">ok</Tag> : <Tag minimal intent="danger">{f.reason ?? 'error'}</Tag>}</td>
                  <td className="swb-mono swb-small">{f.hex.length / 2} B</td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
        )
      ) : null}
    </div>
  );
}
