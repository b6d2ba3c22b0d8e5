import { NotBuilt } from '../../components/NotBuilt';

export default function SchemasPage() {
  return <NotBuilt title="Schemas" icon="th-derived" what="The visual frame-schema designer with hex view and live decode arrives with the frame-schema work." />;
}
