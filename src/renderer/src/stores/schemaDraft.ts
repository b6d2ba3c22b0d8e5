import { create } from 'zustand';

/*
 * The schema designer's working copy: the draft document being edited, undo/redo history,
 * the selected field and the field or bytes under the pointer. Edits of the same property in
 * quick succession (typing) coalesce into one undo step.
 */

export type DraftDoc = Record<string, unknown>;
export type FieldPtr = (string | number)[];

/** Undo depth: enough for a long session, bounded so memory stays small. */
const HISTORY_LIMIT = 200;
/** Edits with the same coalesce key within this window form one undo step (ms). */
const COALESCE_MS = 1200;

interface SchemaDraftState {
  schemaId: string | undefined;
  doc: DraftDoc;
  /** JSON of the document as last saved (or loaded). */
  savedJson: string;
  past: DraftDoc[];
  future: DraftDoc[];
  lastEdit: { key: string; at: number } | undefined;
  selected: FieldPtr | undefined;
  /** Decoded-path form of the field under the pointer (tree row, hex byte or decoded row). */
  hovered: string | undefined;
  /** The sample frame as typed or pasted (hex or base64); not part of undo history. */
  sampleText: string;
  sampleFormat: 'hex' | 'base64';
  setSample(text: string, format?: 'hex' | 'base64'): void;
  /** Replaces the working copy (loading a schema); clears history. */
  load(schemaId: string | undefined, doc: DraftDoc): void;
  /** Applies an edit; `coalesce` groups rapid edits of one property into one undo step. */
  edit(next: DraftDoc, options?: { coalesce?: string; select?: FieldPtr | undefined }): void;
  undo(): void;
  redo(): void;
  markSaved(doc: DraftDoc): void;
  select(ptr: FieldPtr | undefined): void;
  hover(path: string | undefined): void;
}

export const useSchemaDraft = create<SchemaDraftState>()((set, get) => ({
  schemaId: undefined,
  doc: {},
  savedJson: '{}',
  past: [],
  future: [],
  lastEdit: undefined,
  selected: undefined,
  hovered: undefined,
  sampleText: '',
  sampleFormat: 'hex',
  setSample: (sampleText, format) => set(format ? { sampleText, sampleFormat: format } : { sampleText }),
  load: (schemaId, doc) => set({ schemaId, doc, savedJson: JSON.stringify(doc), past: [], future: [], lastEdit: undefined, selected: undefined, hovered: undefined }),
  edit: (next, options = {}) => {
    const s = get();
    const now = Date.now();
    const coalesce = options.coalesce !== undefined && s.lastEdit?.key === options.coalesce && now - s.lastEdit.at < COALESCE_MS;
    const past = coalesce ? s.past : [...s.past, s.doc].slice(-HISTORY_LIMIT);
    set({
      doc: next,
      past,
      future: [],
      lastEdit: options.coalesce !== undefined ? { key: options.coalesce, at: now } : undefined,
      ...('select' in options ? { selected: options.select } : {}),
    });
  },
  undo: () => {
    const s = get();
    const prev = s.past[s.past.length - 1];
    if (!prev) return;
    set({ doc: prev, past: s.past.slice(0, -1), future: [s.doc, ...s.future].slice(0, HISTORY_LIMIT), lastEdit: undefined });
  },
  redo: () => {
    const s = get();
    const next = s.future[0];
    if (!next) return;
    set({ doc: next, past: [...s.past, s.doc].slice(-HISTORY_LIMIT), future: s.future.slice(1), lastEdit: undefined });
  },
  markSaved: (doc) => set({ savedJson: JSON.stringify(doc) }),
  select: (selected) => set({ selected }),
  hover: (hovered) => (get().hovered === hovered ? undefined : set({ hovered })),
}));

/** True when the working copy differs from what was last saved. */
export function isDirty(s: { doc: DraftDoc; savedJson: string }): boolean {
  return JSON.stringify(s.doc) !== s.savedJson;
}
