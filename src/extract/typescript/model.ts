// The extracted API model: what the sandboxed TypeDoc child hands back (and what the cache holds).
// Plain JSON; paths are repo-relative; links between symbols are reflection ids, resolved to
// routes by the page builder.

/** Bump when the shape or meaning of the model changes: old cache entries then miss. */
export const MODEL_VERSION = 1;

/** A run of signature text, optionally a link to another symbol (reflection id). */
export interface TsPart {
  text: string;
  target?: number;
}

export type TsSymbolKind =
  | 'class'
  | 'interface'
  | 'function'
  | 'type'
  | 'enum'
  | 'variable'
  | 'namespace'
  | 'reference'
  | 'constructor'
  | 'property'
  | 'method'
  | 'accessor'
  | 'enum-member'
  | 'other';

export interface TsDoc {
  /** Markdown; `[text](lw-sym:<id>)` links to symbols, `lw-file:<path>` to repository files. */
  summary: string;
  examples: string[];
  /** null = not deprecated; '' = deprecated without a message. */
  deprecated: string | null;
  since: string | null;
  see: string[];
  returns: string | null;
  throws: string[];
  /** Other block tags, as `[tag, markdown]`. */
  other: [string, string][];
}

export interface TsNamedDoc {
  name: string;
  doc: string;
}

export interface TsSource {
  path: string;
  /** 1-based inclusive: the declaration node with its leading JSDoc. */
  lines: [number, number];
}

export interface TsSymbol {
  id: number;
  name: string;
  /** Dotted name inside its page's module: `createClient`, `Client.connect`, `NS.inner`. */
  qualifiedName: string;
  kind: TsSymbolKind;
  /** One line per signature/declaration form (overloads are separate lines). */
  signatures: TsPart[][];
  doc: TsDoc | null;
  typeParameters: TsNamedDoc[];
  parameters: TsNamedDoc[];
  sources: TsSource[];
  /** Class/interface members (one level), enum members. */
  members: TsSymbol[];
  /** For `reference` (re-export) symbols: the reflection id it points at. */
  target?: number;
}

export interface TsModule {
  /** Reflection id (links to the module itself). */
  id: number;
  /** `index`, `utils`, or `index/NS` for a namespace page. */
  name: string;
  /** Entry point path for a module; null for namespaces. */
  entryPoint: string | null;
  doc: TsDoc | null;
  symbols: TsSymbol[];
  /** For a namespace page: the id of the module/namespace that declares it; null for modules. */
  parent: number | null;
}

export interface TsIssue {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  file?: string;
  line?: number;
}

export interface TsModel {
  modelVersion: number;
  modules: TsModule[];
  issues: TsIssue[];
  /** Module specifiers that did not resolve (dependencies not installed), sorted, bounded. */
  unresolved: string[];
}

/** What the parent sends to the child. */
export interface ChildRequest {
  /** Absolute root of the materialized repository copy. */
  root: string;
  /** Repo-relative paths. */
  entryPoints: string[];
  /** Repo-relative tsconfig path, or null for defaults. */
  tsconfig: string | null;
  name: string;
  options: SafeTypedocOptions;
}

/** The allow-list of pure-data options we take from a repository's `typedoc.json`. */
export interface SafeTypedocOptions {
  excludePrivate?: boolean;
  excludeProtected?: boolean;
  excludeInternal?: boolean;
  excludeNotDocumented?: boolean;
}

export const SAFE_TYPEDOC_OPTION_KEYS = ['excludePrivate', 'excludeProtected', 'excludeInternal', 'excludeNotDocumented'] as const;
