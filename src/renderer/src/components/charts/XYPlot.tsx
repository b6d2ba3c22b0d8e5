import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import './charts.css';

export interface XYSeries {
  id: string;
  name: string;
  color: string;
  points: Array<{ x: number; y: number }>;
}

/** Scatter of one channel against another (e.g. head against flow); animation off, caller keeps ≤ 2,000 points. */
export function XYPlot({ series, xLabel, yLabel, height = 220, testId }: { series: XYSeries[]; xLabel: string; yLabel: string; height?: number; testId?: string }) {
  return (
    <div data-testid={testId}>
      <ResponsiveContainer width="100%" height={height}>
        <ScatterChart margin={{ top: 6, right: 12, bottom: 14, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--swb-border)" />
          <XAxis dataKey="x" type="number" domain={['auto', 'auto']} tick={{ fontSize: 11 }} tickFormatter={(v: number) => String(Number(v.toPrecision(4)))} label={{ value: xLabel, position: 'insideBottom', offset: -8, fontSize: 11, fill: 'var(--swb-muted)' }} />
          <YAxis dataKey="y" type="number" domain={['auto', 'auto']} tick={{ fontSize: 11 }} width={64} tickFormatter={(v: number) => String(Number(v.toPrecision(4)))} label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 4, fontSize: 11, fill: 'var(--swb-muted)', style: { textAnchor: 'middle' } }} />
          <ZAxis range={[10, 10]} />
          <Tooltip isAnimationActive={false} contentStyle={{ background: 'var(--swb-panel)', border: '1px solid var(--swb-border)', fontSize: 12 }} />
          {series.map((s) => (
            <Scatter key={s.id} name={s.name} data={s.points} fill={s.color} isAnimationActive={false} shape="circle" />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
