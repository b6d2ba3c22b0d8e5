import { NotBuilt } from '../../components/NotBuilt';

export default function OptimizePage() {
  return <NotBuilt title="Optimize" icon="predictive-analysis" what="Pump scheduling and optimization arrive with the optimization workers." />;
}
