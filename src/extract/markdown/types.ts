// The Markdown extractor's contract: its input (with the link resolver it asks) and its output.

import type { Diagnostics } from '../../model/diagnostics.ts';

/**
 * Answers "where does this repository file live on the site?" for links found in a document.
 * Paths are repo-relative, `/`-separated, normalized (no `.`/`..`, no leading `/`, percent-decoded);
 * `''` is the repository root. Every returned URL is treated as trusted but still passes the sanitizer.
 */
export interface LinkResolver {
  /** Route (plus `#fragment`) for a link to another tracked Markdown doc of the same repo, given its
   *  repo-relative normalized path; null when the target is not a known doc. The fragment is passed
   *  as written in the link (still URL-encoded, without `#`). A directory path (link `docs/`) may be
   *  answered with the directory's index page. */
  doc(targetPath: string, fragment: string | null): string | null;
  /** Public URL of an asset (image) given its repo-relative normalized path; null when not a tracked,
   *  allowed asset (the pipeline vets size, type, symlinks). */
  asset(targetPath: string): string | null;
  /** Forge URL for any other tracked repository file (source code etc.), or null. */
  file(targetPath: string): string | null;
}

export interface MarkdownSection {
  /** github-slugger slug of the heading text, de-duplicated within the doc (GitHub-compatible). */
  anchor: string;
  /** Plain text of the heading. */
  title: string;
  /** 1-6. */
  depth: number;
  /** 1-based inclusive, in the original file (front matter counted): from the heading line to the end
   *  line of the last node before the next heading of the same or higher rank. */
  lines: [number, number];
}

export interface MarkdownChunk {
  /** Anchor of the section; null for the preamble before the first section heading. */
  section: string | null;
  /** Sanitized inner HTML of the heading (no wrapper element); '' for the preamble. */
  headingHtml: string;
  /** 0 for the preamble. */
  depth: number;
  /** Sanitized HTML of the content after the heading up to the next heading of ANY depth. */
  bodyHtml: string;
}

export interface MarkdownDoc {
  /** Front matter `title`, else the first depth-1 heading's text, else the file name without extension. */
  title: string;
  /** Front matter `description`, else the first paragraph's plain text (<= 300 chars). */
  description: string;
  /** Null-prototype object (nested objects too); {} when none or invalid. */
  frontmatter: Record<string, unknown>;
  sections: MarkdownSection[];
  chunks: MarkdownChunk[];
}

export interface ExtractMarkdownInput {
  /** Repository id (for diagnostics). */
  repo: string;
  /** Repo-relative path of the document, `/`-separated. */
  path: string;
  text: string;
  links: LinkResolver;
  diagnostics: Diagnostics;
  /** Wall-clock budget for parsing, in ms (default 3000). */
  budgetMs?: number;
}
