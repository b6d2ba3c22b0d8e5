import type { SectionProvider } from '../section';

const DEFAULT_PARTIES = [
  { role: 'Commissioning engineer', name: '', organisation: '' },
  { role: 'Client representative', name: '', organisation: '' },
];

/** Sign-off block: a signature and date line per party. */
export const signoffSection: SectionProvider = {
  id: 'signoff',
  title: 'Sign-off',
  description: 'Signature and date lines for the commissioning engineer and the client.',
  defaultOn: true,
  isAvailable: async () => ({ available: true }),
  build: async (ctx) => {
    const parties = ctx.spec.signoff.length > 0 ? ctx.spec.signoff : DEFAULT_PARTIES.map((p, i) => (i === 0 ? { ...p, name: ctx.meta.engineer } : { ...p, organisation: ctx.meta.client }));
    return [
      { kind: 'paragraph', text: 'The undersigned confirm that the station was commissioned as described in this report, subject to the notes above.' },
      { kind: 'signatures', parties },
    ];
  },
};
