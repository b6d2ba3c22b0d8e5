import type { IconName } from '@blueprintjs/icons';
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface Area {
  id: string;
  label: string;
  icon: IconName;
  group: 'Station' | 'Gateway' | 'Live' | 'Analysis' | 'Project';
  page: LazyExoticComponent<ComponentType>;
}

/** Every area of the app, in navigation order. Each page lives in features/<id>/. */
export const AREAS: Area[] = [
  { id: 'overview', label: 'Overview', icon: 'dashboard', group: 'Station', page: lazy(() => import('../features/overview/OverviewPage')) },
  { id: 'sources', label: 'Sources', icon: 'satellite', group: 'Gateway', page: lazy(() => import('../features/sources/SourcesPage')) },
  { id: 'schemas', label: 'Schemas', icon: 'th-derived', group: 'Gateway', page: lazy(() => import('../features/schemas/SchemasPage')) },
  { id: 'routing', label: 'Routing', icon: 'flows', group: 'Gateway', page: lazy(() => import('../features/routing/RoutingPage')) },
  { id: 'targets', label: 'Targets', icon: 'send-message', group: 'Gateway', page: lazy(() => import('../features/targets/TargetsPage')) },
  { id: 'monitor', label: 'Monitor', icon: 'timeline-line-chart', group: 'Live', page: lazy(() => import('../features/monitor/MonitorPage')) },
  { id: 'alarms', label: 'Alarms', icon: 'notifications', group: 'Live', page: lazy(() => import('../features/alarms/AlarmsPage')) },
  { id: 'devices', label: 'Devices', icon: 'cell-tower', group: 'Live', page: lazy(() => import('../features/devices/DevicesPage')) },
  { id: 'data', label: 'Data', icon: 'database', group: 'Analysis', page: lazy(() => import('../features/data/DataPage')) },
  { id: 'curves', label: 'Curves', icon: 'curved-range-chart', group: 'Analysis', page: lazy(() => import('../features/curves/CurvesPage')) },
  { id: 'optimize', label: 'Optimize', icon: 'predictive-analysis', group: 'Analysis', page: lazy(() => import('../features/optimize/OptimizePage')) },
  { id: 'reports', label: 'Reports', icon: 'document', group: 'Project', page: lazy(() => import('../features/reports/ReportsPage')) },
  { id: 'events', label: 'Events', icon: 'history', group: 'Project', page: lazy(() => import('../features/events/EventsPage')) },
  { id: 'settings', label: 'Settings', icon: 'cog', group: 'Project', page: lazy(() => import('../features/settings/SettingsPage')) },
];
