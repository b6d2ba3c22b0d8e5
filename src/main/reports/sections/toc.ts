import type { SectionProvider } from '../section';

/** Table of contents: filled by the renderer from the numbered sections (PDF: with page numbers). */
export const tocSection: SectionProvider = {
  id: 'toc',
  title: 'Contents',
  description: 'Table of contents with page numbers.',
  frontMatter: true,
  defaultOn: true,
  isAvailable: async () => ({ available: true }),
  build: async () => [{ kind: 'toc' }],
};
