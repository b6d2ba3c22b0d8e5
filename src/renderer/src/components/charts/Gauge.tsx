import './charts.css';

/** A 240° arc gauge (plain SVG: one value needs no charting library). */
export function Gauge({ value, min, max, unit, precision, warnLow, warnHigh, testId }: { value: number | undefined; min: number; max: number; unit: string; precision: number; warnLow?: number | undefined; warnHigh?: number | undefined; testId?: string }) {
  const r = 60;
  const start = (-210 * Math.PI) / 180;
  const sweep = (240 * Math.PI) / 180;
  const frac = value === undefined || !(max > min) ? 0 : Math.min(1, Math.max(0, (value - min) / (max - min)));
  const point = (f: number) => [70 + r * Math.cos(start + sweep * f), 70 + r * Math.sin(start + sweep * f)] as const;
  const arc = (f0: number, f1: number) => {
    const [x0, y0] = point(f0);
    const [x1, y1] = point(f1);
    return `M ${x0} ${y0} A ${r} ${r} 0 ${sweep * (f1 - f0) > Math.PI ? 1 : 0} 1 ${x1} ${y1}`;
  };
  const warn = value !== undefined && ((warnHigh !== undefined && value > warnHigh) || (warnLow !== undefined && value < warnLow));
  const color = warn ? '#cd4246' : '#2d72d2';
  return (
    <div className="swb-gauge" data-testid={testId}>
      <svg width={140} height={120} viewBox="0 0 140 120" role="img" aria-label={`gauge ${value ?? 'no value'} ${unit}`}>
        <path d={arc(0, 1)} stroke="var(--swb-border)" strokeWidth={10} fill="none" strokeLinecap="round" />
        {frac > 0 ? <path d={arc(0, Math.max(0.001, frac))} stroke={color} strokeWidth={10} fill="none" strokeLinecap="round" /> : null}
      </svg>
      <div className="swb-gauge-value" style={{ color: warn ? color : undefined }}>
        {value === undefined ? '—' : value.toFixed(precision)} <span className="swb-muted swb-small">{unit}</span>
      </div>
      <div className="swb-gauge-scale">
        <span>{min}</span>
        <span>{max}</span>
      </div>
    </div>
  );
}
