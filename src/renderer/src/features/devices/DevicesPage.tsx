import { NotBuilt } from '../../components/NotBuilt';

export default function DevicesPage() {
  return <NotBuilt title="Devices" icon="cell-tower" what="Field devices and heartbeats arrive with live monitoring." />;
}
