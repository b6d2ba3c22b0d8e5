import { NotBuilt } from '../../components/NotBuilt';

export default function CurvesPage() {
  return <NotBuilt title="Curves" icon="curved-range-chart" what="Pump-curve fitting, uncertainty and ISO 9906 acceptance arrive with the curve-fitting workbench." />;
}
