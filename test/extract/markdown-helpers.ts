// Shared helpers for the Markdown extractor tests: a resolver over a fixed set of tracked files.

import { extractMarkdown } from '../../src/extract/markdown/index.ts';
import type { LinkResolver, MarkdownDoc } from '../../src/extract/markdown/types.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';

export const TRACKED = new Set([
  'README.md',
  'docs/guide.md',
  'docs/other.md',
  'docs/a b.md',
  'docs/img/logo.png',
  'guide/setup.md',
  'src/index.ts',
]);

export function resolverFor(tracked: Set<string> = TRACKED): LinkResolver {
  return {
    doc: (path, fragment) =>
      tracked.has(path) && /\.md$/.test(path) ? `/r/${path.replace(/\.md$/, '')}/${fragment ? `#${fragment}` : ''}` : null,
    asset: (path) => (tracked.has(path) && /\.png$/.test(path) ? `/_assets/r/${path}` : null),
    file: (path) => (tracked.has(path) ? `https://forge.example/r/blob/main/${path}` : null),
  };
}

export function extract(
  text: string,
  options: { path?: string; links?: LinkResolver; budgetMs?: number } = {},
): { doc: MarkdownDoc | null; diagnostics: Diagnostics } {
  const diagnostics = new Diagnostics();
  const doc = extractMarkdown({
    repo: 'r',
    path: options.path ?? 'docs/guide.md',
    text,
    links: options.links ?? resolverFor(),
    diagnostics,
    ...(options.budgetMs === undefined ? {} : { budgetMs: options.budgetMs }),
  });
  return { doc, diagnostics };
}

/** Like `extract`, for documents that must not be skipped. */
export function extractDoc(text: string, options: Parameters<typeof extract>[1] = {}): { doc: MarkdownDoc; diagnostics: Diagnostics } {
  const { doc, diagnostics } = extract(text, options);
  if (doc === null) throw new Error(`document was skipped: ${JSON.stringify(diagnostics.items)}`);
  return { doc, diagnostics };
}

/** The whole rendered document, chunks joined with their headings, for "nothing unsafe anywhere" checks. */
export function allHtml(doc: MarkdownDoc): string {
  return doc.chunks.map((c) => (c.depth === 0 ? c.bodyHtml : `<h${c.depth}>${c.headingHtml}</h${c.depth}>\n${c.bodyHtml}`)).join('\n');
}

export function codes(diagnostics: Diagnostics): string[] {
  return diagnostics.items.map((d) => d.code);
}
