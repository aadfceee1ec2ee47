// What every extractor hands to the pipeline: pages with sections, source references and a body
// rendered ahead of provenance (plain data). The pipeline attaches provenance, builds navigation,
// fills the body's provenance slots and wraps it in the page chrome.

import type { Diagnostic } from './diagnostics.ts';
import type { BodyPart } from './templates.ts';

export interface SourceRef {
  repo: string;
  /** Path relative to the repository root, `/`-separated. */
  path: string;
  /** 1-based inclusive line range, when the section comes from some lines only. */
  lines?: [number, number];
  /** JSON pointer, for structured sources. */
  pointer?: string;
}

export type SectionKind = 'heading' | 'operation' | 'schema' | 'symbol' | 'config-key';

export type PageKind =
  | 'home'
  | 'repo-overview'
  | 'index'
  | 'doc'
  | 'openapi'
  | 'typescript'
  | 'config'
  | 'requirements'
  | 'changes';

export interface ExtractedSection {
  /** Anchor within the page; unique per page, stable across builds (derived from identity). */
  anchor: string;
  kind: SectionKind;
  /** Logical key (`METHOD /path`, schema name, heading text, dotted key path, symbol name). */
  key: string;
  title: string;
  depth?: number;
  /** Where the section comes from; `lines` drive blame-based provenance. */
  sources: SourceRef[];
  /** Other anchors that must keep resolving to this section (e.g. operationId). */
  aliases?: string[];
  /** For configuration keys: type, default value (redacted source text) and the file's own comment. */
  config?: { type: string; value: string; description: string };
}

export interface ExtractedPage {
  /** Stable id from identity, e.g. `<repo>/openapi/<spec path>/tag/<tag>`. */
  id: string;
  route: string;
  title: string;
  kind: PageKind;
  repo: string;
  /** Repository directory this page belongs to in navigation ('' = repository root). */
  navDir: string;
  /** Sort key among siblings in navigation (defaults to title). */
  navOrder?: string;
  description: string;
  sources: SourceRef[];
  sections: ExtractedSection[];
  /** Owners from CODEOWNERS of the page's sources (set by the pipeline). */
  owners?: string[];
  /** Problems shown as a banner at the top of the page (already recorded as diagnostics too). */
  banners?: { severity: 'error' | 'warning'; message: string }[];
  /** The page body: trusted HTML (every repository string escaped or sanitized) with a slot for
   *  each section's provenance, which the render stage fills. */
  body: BodyPart[];
}

/**
 * What an extractor made of one source (a document, an API description, a TypeScript package, a
 * configuration file): its pages and the diagnostics about it, kept together.
 */
export interface ExtractedUnit {
  /** The source's repository path ('' for repository-wide work such as discovery). */
  source: string;
  pages: ExtractedPage[];
  diagnostics: Diagnostic[];
}
