import type { ReactNode } from 'react';

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="swb-page-header">
      <div>
        <h2 className="swb-page-title">{title}</h2>
        {subtitle ? <div className="swb-page-subtitle">{subtitle}</div> : null}
      </div>
      <div className="swb-page-actions">{actions}</div>
    </div>
  );
}
