// What every extractor hands to the pipeline: pages with sections and source references, and a
// way to render the body once provenance is known. The pipeline attaches provenance, builds
// navigation, and wraps bodies in the page chrome.

import type { PageKind, SectionKind, SourceRef } from './page.ts';

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

/**
 * Trusted HTML helpers the render stage offers to an extractor's body renderer.
 *
 * Contract (the build cache stores bodies as data, src/cache/frozen.ts): a body inserts the
 * string `badge()` returns verbatim, or not at all. It never tests, escapes, measures or
 * transforms it (templates only use `{{{badgeHtml}}}`, never `{{#if badgeHtml}}`), and the rest
 * of the body does not depend on which badges exist. test/cache/frozen.test.ts checks every page
 * kind of the fixture wiki against it.
 */
export interface BodyRenderContext {
  /** Provenance badge (trusted HTML) for a section anchor; '' when the section has none. */
  badge(anchor: string): string;
  /** Escapes text for HTML. */
  escape(text: string): string;
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
  /** Renders the page body (trusted HTML: every repository string escaped or sanitized). */
  renderBody(ctx: BodyRenderContext): string;
}
