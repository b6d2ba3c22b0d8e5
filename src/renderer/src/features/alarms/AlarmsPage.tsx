import { NotBuilt } from '../../components/NotBuilt';

export default function AlarmsPage() {
  return <NotBuilt title="Alarms" icon="notifications" what="Alarm rules, acknowledgement and history arrive with live monitoring." />;
}
