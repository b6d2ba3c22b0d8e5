import type { SectionProvider } from '../section';
import { alarmsSection } from './alarms';
import { coverSection } from './cover';
import { datasetsSection } from './datasets';
import { fitsSection } from './fits';
import { gatewaySection } from './gateway';
import { historySection } from './history';
import { notesSection } from './notes';
import { optimizationSection } from './optimization';
import { protocolSection } from './protocol';
import { signoffSection } from './signoff';
import { stationSection } from './station';
import { tocSection } from './toc';

/** Every report section, in the default order. An area adds or refines its provider here. */
export const sectionProviders: SectionProvider[] = [
  coverSection,
  tocSection,
  stationSection,
  protocolSection,
  gatewaySection,
  datasetsSection,
  fitsSection,
  alarmsSection,
  optimizationSection,
  historySection,
  notesSection,
  signoffSection,
];
