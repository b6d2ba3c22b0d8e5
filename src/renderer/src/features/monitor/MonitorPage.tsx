import { NotBuilt } from '../../components/NotBuilt';

export default function MonitorPage() {
  return <NotBuilt title="Monitor" icon="timeline-line-chart" what="Channels, live charts and dashboards arrive with live monitoring." />;
}
