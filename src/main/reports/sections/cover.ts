import type { SectionProvider } from '../section';
import { fmtDate } from '../section';

/** Title page: report title, station, client, engineer and date. */
export const coverSection: SectionProvider = {
  id: 'cover',
  title: 'Cover page',
  description: 'Title page with project, station, client, location, engineer and date.',
  frontMatter: true,
  defaultOn: true,
  isAvailable: async () => ({ available: true }),
  build: async (ctx) => {
    const m = ctx.meta;
    const rows = [
      { key: 'Project', value: m.name },
      { key: 'Station', value: m.stationName },
      { key: 'Client', value: m.client },
      { key: 'Location', value: m.location },
      { key: 'Commissioning engineer', value: m.engineer },
    ].filter((r) => r.value.trim() !== '');
    return [{ kind: 'cover', title: ctx.spec.title, subtitle: m.stationName || m.name, rows, date: fmtDate(ctx.now) }];
  },
};
