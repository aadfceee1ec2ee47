// Descriptions in a spec are CommonMark (+GFM). Raw HTML is dropped (remark-rehype without
// `allowDangerousHtml`) and rehype-sanitize (GitHub schema) runs last, so `javascript:` links and
// `<script>` never reach the page (O8). src/extract/markdown/ exposes no fragment renderer, hence
// this small one.

import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype, { allowDangerousHtml: false })
  .use(rehypeSanitize)
  .use(rehypeStringify)
  .freeze();

const MAX_MARKDOWN = 200_000;
const cache = new Map<string, string>();

function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Text with nothing Markdown would interpret renders as one escaped paragraph (most descriptions). */
const MARKDOWN_SYNTAX = /[*_`[\]<>#|~\\!&:]|^\s*([-+]|\d+[.)])\s|\n\s*\n|^\s{4}|^[=-]+\s*$/m;

/** Sanitized HTML for a Markdown description; '' for empty or non-string input. */
export function renderMarkdownFragment(text: unknown): string {
  if (typeof text !== 'string' || text.trim() === '') return '';
  const source = text.length > MAX_MARKDOWN ? `${text.slice(0, MAX_MARKDOWN)}…` : text;
  if (!MARKDOWN_SYNTAX.test(source)) return `<p>${escapeHtml(source.trim())}</p>`;
  const known = cache.get(source);
  if (known !== undefined) return known;
  let html: string;
  try {
    html = String(processor.processSync(source));
  } catch {
    html = `<p>${escapeHtml(source)}</p>`;
  }
  if (cache.size > 20_000) cache.clear();
  cache.set(source, html);
  return html;
}
