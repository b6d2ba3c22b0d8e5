import { NotBuilt } from '../../components/NotBuilt';

export default function RoutingPage() {
  return <NotBuilt title="Routing" icon="flows" what="Routing rules, the condition builder and dry runs arrive with the gateway." />;
}
