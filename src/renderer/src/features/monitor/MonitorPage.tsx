import { Tab, Tabs, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { useLiveTelemetry, useTelemetryStore } from '../../stores/telemetry';
import { ChannelsView } from './ChannelsView';
import { DashboardView } from './DashboardView';
import { useMonitorInvalidation } from './hooks';
import { RecordingsView } from './RecordingsView';
import { StorageView } from './StorageView';
import './monitor.css';

/** Live monitoring: dashboards, channels (binding, statistics, export), recordings and storage (retention, use, budget). */
export default function MonitorPage() {
  useLiveTelemetry();
  useMonitorInvalidation();
  const [tab, setTab] = useState<'dashboard' | 'channels' | 'recordings' | 'storage'>('dashboard');
  // A boolean, so the header re-renders once when data starts, not on every live tick.
  const live = useTelemetryStore((s) => s.batches > 0);
  return (
    <div className="swb-page">
      <PageHeader
        title="Monitor"
        subtitle="Live channels, dashboards, recordings and storage"
        actions={
          <Tag minimal intent={live ? 'success' : 'none'} icon="pulse" data-testid="live-indicator">
            {live ? 'Live' : 'Waiting for data'}
          </Tag>
        }
      />
      <Tabs id="monitor-tabs" selectedTabId={tab} onChange={(t) => setTab(t as typeof tab)}>
        <Tab id="dashboard" title="Dashboard" data-testid="tab-dashboard" />
        <Tab id="channels" title="Channels" data-testid="tab-channels" />
        <Tab id="recordings" title="Recordings" data-testid="tab-recordings" />
        <Tab id="storage" title="Storage" data-testid="tab-storage" />
      </Tabs>
      <div style={{ marginTop: 8 }}>
        {tab === 'dashboard' ? <DashboardView /> : tab === 'channels' ? <ChannelsView /> : tab === 'recordings' ? <RecordingsView /> : <StorageView />}
      </div>
    </div>
  );
}
