import { NonIdealState } from '@blueprintjs/core';
import type { IconName } from '@blueprintjs/icons';

/** Shown by areas whose issue has not landed yet: says so plainly, shows no made-up data. */
export function NotBuilt({ title, icon, what }: { title: string; icon: IconName; what: string }) {
  return (
    <div className="swb-page">
      <NonIdealState icon={icon} title={`${title} is not built yet`} description={<p>{what}</p>} />
    </div>
  );
}
