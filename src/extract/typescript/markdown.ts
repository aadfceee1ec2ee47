// Doc comments are Markdown from the repository: rendered with GFM and sanitized (GitHub schema,
// last step; raw HTML in comments is dropped, not passed through).

import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSanitize).use(rehypeStringify).freeze();

export interface MarkdownLinks {
  /** Route (with `#anchor`) of a symbol by reflection id, or null when it has no page. */
  symbol(id: number): string | null;
  /** Forge URL of a repository file, or null. */
  file(path: string): string | null;
}

// The same comments are rendered again in one process (`livewiki diff` builds the wiki at two
// commits, most packages unchanged): the HTML of a resolved comment is kept, up to a bound.
const rendered = new Map<string, string>();
const RENDERED_MAX = 50_000;

function toHtml(markdown: string): string {
  let html = rendered.get(markdown);
  if (html === undefined) {
    html = String(processor.processSync(markdown)).trim();
    if (rendered.size >= RENDERED_MAX) rendered.clear();
    rendered.set(markdown, html);
  }
  return html;
}

/** Markdown with `lw-sym:` / `lw-file:` placeholders → sanitized HTML. */
export function renderDocMarkdown(markdown: string, links: MarkdownLinks): string {
  if (markdown.trim() === '') return '';
  const resolved = markdown
    .replace(/\[((?:\\.|[^\]\\])*)\]\(lw-sym:(\d+)\)/g, (_m, label: string, id: string) => {
      const url = links.symbol(Number(id));
      return url ? `[${label}](<${url}>)` : label;
    })
    .replace(/lw-file:([^)\s>]+)/g, (_m, path: string) => {
      let decoded = path;
      try {
        decoded = decodeURI(path);
      } catch {
        // keep as written
      }
      return links.file(decoded) ?? '#';
    });
  return toHtml(resolved);
}

/** First paragraph as plain text (page descriptions). */
export function firstParagraphText(markdown: string, max = 300): string {
  const para = markdown.trim().split(/\n\s*\n/)[0] ?? '';
  const text = para
    .replace(/\[((?:\\.|[^\]\\])*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
