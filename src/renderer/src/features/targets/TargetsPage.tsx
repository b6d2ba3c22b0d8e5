import { NotBuilt } from '../../components/NotBuilt';

export default function TargetsPage() {
  return <NotBuilt title="Targets" icon="send-message" what="Outbound targets with queues, retries and dead letters arrive with the gateway." />;
}
