// What the change engines hand to the history stage: plain JSON (no classes, closures or Maps),
// so results can be cached by blob pair and written to `livewiki.json`'s `changelog` as they are.
// Each engine compares two parsed versions of one source; the history stage adds where and who
// (repo, path, page, anchor, commit, authors, dates, refs).

/** What happened to a section's entity between two versions (the `changelog[].change` values). */
export type ChangeKind = 'added' | 'removed' | 'changed' | 'deprecated' | 'renamed';

/** The fields every engine fills; they map one-to-one onto `changelog` entry fields. */
export interface SemanticChange {
  /** Logical key of the section the change belongs to: `GET /pets`, a schema name, a config key path, a symbol's qualified name, a heading anchor. */
  key: string;
  change: ChangeKind;
  /** true/false where the engine has rules for it (API operations, schemas, symbols); null where it does not apply (config values, prose). */
  breaking: boolean | null;
  /** Short values (config values, signatures), already redacted; null when not applicable. */
  from: string | null;
  to: string | null;
  /** One line, plain text (backticks mark names and values). */
  summary: string;
}

/** oasdiff's three levels: `error` and `warning` are reported by `oasdiff breaking`, `info` is not. */
export type Level = 'error' | 'warning' | 'info';

export interface ApiChange extends SemanticChange {
  /** What the change is attached to: an operation (`GET /pets`), a component schema (`Pet`), a webhook, or the document. */
  entity: 'operation' | 'schema' | 'webhook' | 'document';
  /** JSON pointer (RFC 6901) of the changed node: in the new document, or in the old one for removals (`side`). */
  pointer: string;
  side: 'new' | 'old';
  /** Check id: oasdiff's id where oasdiff has the check (see checks.ts), else a livewiki id. */
  check: string;
  level: Level;
  /** Whose payloads the change affects: `request`, `response`, or `none` (paths, security, metadata). */
  direction: 'request' | 'response' | 'none';
}

export interface ConfigChange extends SemanticChange {
  /** For renames: the key before. */
  fromKey?: string;
}

export interface SymbolChange extends SemanticChange {
  /** Module (page) the symbol is documented in: `index`, `utils`, `index/NS`. */
  module: string;
  /** The check that decided it (documented in typescript.ts). */
  check: string;
}

export interface SectionDiff extends SemanticChange {
  /** Section text before and after ('' when added or removed), bounded. */
  before: string;
  after: string;
  /** Escaped HTML of the word-level diff (`<del>`/`<ins>` only), bounded; readable without JS. */
  diffHtml: string;
  /** True when `before`, `after` or `diffHtml` were cut to fit the bound. */
  truncated: boolean;
  /** For renamed headings: the anchor before. */
  fromKey?: string;
}
