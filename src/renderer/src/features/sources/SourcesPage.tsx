import { NotBuilt } from '../../components/NotBuilt';

export default function SourcesPage() {
  return <NotBuilt title="Sources" icon="satellite" what="Device listeners (UDP, TCP, HTTP, WebSocket, MQTT) with live counters arrive with the gateway." />;
}
