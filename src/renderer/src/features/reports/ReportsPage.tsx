import { NotBuilt } from '../../components/NotBuilt';

export default function ReportsPage() {
  return <NotBuilt title="Reports" icon="document" what="The commissioning report builder and PDF export arrive with the reports work." />;
}
