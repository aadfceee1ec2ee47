// Markdown documents of a repository become doc pages; each heading section is a section with
// its own source lines (so it gets its own provenance).

import picomatch from 'picomatch';
import type { Diagnostics } from '../../model/diagnostics.ts';
import type { ExtractedPage } from '../../model/extracted.ts';
import { docPageId, docRoute } from '../../model/ids.ts';
import type { TemplateRenderer } from '../../model/templates.ts';
import { dirOf } from '../../utils/paths.ts';
import { extractMarkdown } from './extract.ts';
import type { ExtractMarkdownInput, LinkResolver, MarkdownDoc } from './types.ts';

export interface DocSelection {
  include: string[];
  exclude: string[];
}

/** Tracked paths that are Markdown documents to publish. `.mdx` is never one (MDX is code). */
export function selectDocs(paths: string[], selection: DocSelection): string[] {
  const include = picomatch(selection.include, { dot: false });
  const exclude = picomatch(selection.exclude, { dot: true });
  return paths.filter((p) => include(p) && !exclude(p) && !/\.mdx$/i.test(p));
}

export interface DocPageInput {
  repo: string;
  path: string;
  text: string;
  links: LinkResolver;
  templates: TemplateRenderer;
  /** This document's own diagnostics (a fresh collector: its errors become the page's banners). */
  diagnostics: Diagnostics;
  /** The Markdown extractor; incremental builds pass a cached one (markdown/cached.ts). */
  extract?: (input: ExtractMarkdownInput) => MarkdownDoc | null;
}

export function extractDocPage(input: DocPageInput): ExtractedPage | null {
  const { repo, path, text, links, templates, diagnostics } = input;
  const doc = (input.extract ?? extractMarkdown)({ repo, path, text, links, diagnostics });
  if (!doc) return null;
  // Errors about this document are also shown on its page, so readers know it is degraded.
  const banners = diagnostics.items
    .filter((d) => d.severity === 'error' && d.file === path)
    .map((d) => ({ severity: 'error' as const, message: `${d.message}${d.line ? ` (line ${d.line})` : ''}` }));
  const dir = dirOf(path);
  return {
    id: docPageId(repo, path),
    route: docRoute(repo, path),
    title: doc.title,
    kind: 'doc',
    repo,
    navDir: dir,
    description: doc.description,
    sources: [{ repo, path }],
    banners,
    sections: doc.sections.map((s) => ({
      anchor: s.anchor,
      kind: 'heading' as const,
      key: s.title,
      title: s.title,
      depth: s.depth,
      sources: [{ repo, path, lines: s.lines }],
    })),
    body: templates.parts(
      templates.render('page/markdown', {
        chunks: doc.chunks.map((c) => ({
          anchor: c.section,
          depth: c.depth,
          headingHtml: c.headingHtml,
          bodyHtml: c.bodyHtml,
          badgeHtml: c.section ? templates.slot(c.section) : '',
        })),
      }),
    ),
  };
}

export interface UnreadDocInput {
  repo: string;
  path: string;
  templates: TemplateRenderer;
  /** Why the content is not shown (a Git LFS pointer, a file over the size limit). */
  why: { kind: 'lfs'; oid: string; size: number } | { kind: 'too-large'; size: number; limit: number };
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${bytes} bytes`;
}

/**
 * The page of a document whose content cannot be shown (catalogue F3): it keeps its place, route
 * and history, with a banner saying why and what is known about the file; never the pointer text.
 */
export function unreadDocPage(input: UnreadDocInput): ExtractedPage {
  const { repo, path, templates, why } = input;
  const e = (t: string) => templates.escape(t);
  const name = path.slice(path.lastIndexOf('/') + 1);
  const message =
    why.kind === 'lfs'
      ? `This document is stored in Git LFS: the repository holds only a pointer to it, so its content is not shown.`
      : `This document is ${megabytes(why.size)}, over the ${megabytes(why.limit)} limit, so its content is not shown.`;
  const facts =
    why.kind === 'lfs'
      ? `<dl class="lw-unread"><dt>Stored in</dt><dd>Git LFS</dd><dt>Object</dt><dd><code>sha256:${e(why.oid)}</code></dd><dt>Size</dt><dd>${e(megabytes(why.size))} (${why.size} bytes)</dd></dl>`
      : `<dl class="lw-unread"><dt>Size</dt><dd>${e(megabytes(why.size))} (${why.size} bytes)</dd></dl>`;
  return {
    id: docPageId(repo, path),
    route: docRoute(repo, path),
    title: name.replace(/\.[^.]+$/, '') || name,
    kind: 'doc',
    repo,
    navDir: dirOf(path),
    description: '',
    sources: [{ repo, path }],
    banners: [{ severity: 'warning', message }],
    sections: [],
    body: templates.parts(templates.render('page/markdown', { chunks: [{ anchor: null, depth: 0, headingHtml: '', bodyHtml: facts, badgeHtml: '' }] })),
  };
}
