import type { ReportBlock } from '#shared/rpc/domains/reports';
import type { SectionProvider } from '../section';

/** Free-text notes of the engineer: paragraphs separated by blank lines; lines starting "- " become a list. */
export const notesSection: SectionProvider = {
  id: 'notes',
  title: 'Notes and observations',
  description: 'Free-text notes written in the report builder.',
  defaultOn: true,
  isAvailable: async () => ({ available: true }),
  build: async (ctx) => {
    const text = ctx.spec.notes.trim();
    if (!text) return [{ kind: 'paragraph', tone: 'muted', text: 'No notes.' }];
    return text.split(/\n\s*\n/).map((p): ReportBlock => ({ kind: 'paragraph', text: p.replace(/^- /gm, '•  ').trim() }));
  },
};
