import { NotBuilt } from '../../components/NotBuilt';

export default function DataPage() {
  return <NotBuilt title="Data" icon="database" what="CSV/XLSX import and data cleaning arrive with the curve-fitting workbench." />;
}
