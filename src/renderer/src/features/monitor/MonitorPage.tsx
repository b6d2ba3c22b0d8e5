import { Tab, Tabs, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { useLiveTelemetry, useTelemetryStore } from '../../stores/telemetry';
import { ChannelsView } from './ChannelsView';
import { DashboardView } from './DashboardView';
import { useMonitorInvalidation } from './hooks';
import { RecordingsView } from './RecordingsView';
import './monitor.css';

/** Live monitoring: dashboards, channels (binding, statistics, export) and recordings. */
export default function MonitorPage() {
  useLiveTelemetry();
  useMonitorInvalidation();
  const [tab, setTab] = useState<'dashboard' | 'channels' | 'recordings'>('dashboard');
  const batches = useTelemetryStore((s) => s.batches);
  return (
    <div className="swb-page">
      <PageHeader
        title="Monitor"
        subtitle="Live channels, dashboards and recordings"
        actions={
          <Tag minimal intent={batches > 0 ? 'success' : 'none'} icon="pulse" data-testid="live-indicator">
            {batches > 0 ? 'Live' : 'Waiting for data'}
          </Tag>
        }
      />
      <Tabs id="monitor-tabs" selectedTabId={tab} onChange={(t) => setTab(t as typeof tab)}>
        <Tab id="dashboard" title="Dashboard" data-testid="tab-dashboard" />
        <Tab id="channels" title="Channels" data-testid="tab-channels" />
        <Tab id="recordings" title="Recordings" data-testid="tab-recordings" />
      </Tabs>
      <div style={{ marginTop: 8 }}>
        {tab === 'dashboard' ? <DashboardView /> : tab === 'channels' ? <ChannelsView /> : <RecordingsView />}
      </div>
    </div>
  );
}
