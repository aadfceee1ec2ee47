// Markdown documents of a repository become doc pages; each heading section is a section with
// its own source lines (so it gets its own provenance).

import picomatch from 'picomatch';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { ExtractedPage } from '../model/extracted.ts';
import { docPageId, docRoute } from '../model/ids.ts';
import type { TemplateEnv } from '../render/handlebars.ts';
import { extractMarkdown } from './markdown/index.ts';
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

function dirOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

export function extractDocPage(
  repo: string,
  path: string,
  text: string,
  links: LinkResolver,
  templates: TemplateEnv,
  diagnostics: Diagnostics,
  /** The Markdown extractor; the pipeline passes a cached one for incremental builds (src/cache). */
  extract: (input: ExtractMarkdownInput) => MarkdownDoc | null = extractMarkdown,
): ExtractedPage | null {
  const before = diagnostics.items.length;
  const doc = extract({ repo, path, text, links, diagnostics });
  if (!doc) return null;
  // Errors about this document are also shown on its page, so readers know it is degraded.
  const banners = diagnostics.items
    .slice(before)
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
