// The Markdown extractor: one document in, title/description/front matter/sections/HTML chunks out.

import type { Heading, Paragraph, Root } from 'mdast';
import type { ExtractMarkdownInput, MarkdownChunk, MarkdownDoc } from './types.ts';
import { parseFrontmatter } from './frontmatter.ts';
import { collectHeadings, sectionRanges } from './headings.ts';
import { parseMarkdownSync } from './parse-sync.ts';
import type { LinkContext } from './rehype-links.ts';
import { describeChar, markerOf, type InvisibleFound } from './invisible.ts';
import { renderChunks } from './render.ts';
import { plainText, squash, truncate } from './text.ts';

const DEFAULT_BUDGET_MS = 3000;
/** Larger documents are not parsed: shown as plain text instead. */
const MAX_CHARS = 5_000_000;
const DESCRIPTION_MAX = 300;

/**
 * Extracts one Markdown document. Returns null when the file is skipped (binary content: a NUL in the
 * first 8000 characters, like git's heuristic) after recording `W_MD_BINARY`. Never throws on
 * document content: problems become diagnostics, and a document too complex to parse
 * (`E_MD_TOO_COMPLEX`) is returned degraded, as one preamble chunk showing its source as text.
 */
export function extractMarkdown(input: ExtractMarkdownInput): MarkdownDoc | null {
  const { repo, path, diagnostics } = input;
  const at = (line?: number) => ({ repo, file: path, ...(line === undefined ? {} : { line }) });

  if (input.text.slice(0, 8000).includes('\u0000')) {
    diagnostics.warn('W_MD_BINARY', 'File looks binary (contains NUL bytes); skipped.', {
      ...at(),
      hint: 'Rename it or exclude it from the docs globs if it is not Markdown.',
    });
    return null;
  }
  // A BOM is not content; removing it keeps every line number.
  const text = input.text.startsWith('\uFEFF') ? input.text.slice(1) : input.text;

  const tooComplex = (why: string, line?: number): MarkdownDoc => {
    diagnostics.error('E_MD_TOO_COMPLEX', `Markdown too complex to render (${why}); shown as plain text.`, {
      ...at(line),
      hint: 'Simplify the document (nesting, unclosed brackets or emphasis runs) or exclude it.',
    });
    return degraded(path, text);
  };

  if (text.length > MAX_CHARS) return tooComplex(`larger than ${MAX_CHARS} characters`);
  const parsed = parseMarkdownSync(text, input.budgetMs ?? DEFAULT_BUDGET_MS);
  if (!parsed.ok) {
    if (parsed.reason === 'timeout') return tooComplex(`parsing took longer than ${parsed.ms} ms`);
    if (parsed.reason === 'too-deep') return tooComplex('nested too deeply', parsed.line);
    return tooComplex(parsed.message);
  }
  const tree = parsed.tree;

  const frontmatter = readFrontmatter(tree, input);
  const headings = collectHeadings(tree);
  const firstDepth1 = headings.find((h) => h.node.depth === 1 && h.title !== '');
  const fmTitle = nonEmptyString(frontmatter.title);
  const first = headings[0];
  const titleHeading: Heading | null =
    fmTitle === null && first !== undefined && first.topLevel && first.node.depth === 1 && first.title !== ''
      ? first.node
      : null;
  const title = fmTitle ?? firstDepth1?.title ?? fileStem(path);
  const description = nonEmptyString(frontmatter.description) ?? firstParagraphText(tree);

  const linkContext: LinkContext = {
    docPath: path,
    links: input.links,
    unresolved(kind, url, reason, line) {
      diagnostics.warn('W_MD_LINK_UNRESOLVED', `${kind === 'image' ? 'Image' : 'Link'} target "${url}" ${reason}; ${kind === 'image' ? 'image replaced by its alt text' : 'link kept as text'}.`, {
        ...at(line),
        hint: 'Fix the path (relative to this file, or to the repository root with a leading /).',
      });
    },
    externalImage(url, line) {
      diagnostics.info('I_MD_EXTERNAL_IMAGE', `External image "${url}" replaced by a link (the site loads nothing from other hosts).`, at(line));
    },
  };

  // One warning per line and place: which invisible characters were made visible there.
  const invisible = new Map<string, { line: number | undefined; where: string; chars: Set<string> }>();
  const onInvisible = (found: InvisibleFound): void => {
    const key = `${found.line ?? 0}\0${found.where}`;
    const entry = invisible.get(key) ?? { line: found.line, where: found.where, chars: new Set<string>() };
    for (const ch of found.chars) entry.chars.add(ch);
    invisible.set(key, entry);
  };

  let chunks: MarkdownChunk[];
  try {
    chunks = renderChunks({ tree, text, path, headings, titleHeading, linkContext, onInvisible });
  } catch (error) {
    // Deeply nested raw HTML can still overflow the stack in the HTML stages.
    if (error instanceof RangeError) return tooComplex('nested too deeply');
    throw error;
  }
  for (const { line, where, chars } of [...invisible.values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0))) {
    diagnostics.warn('W_MD_INVISIBLE_CHARS', `${where === 'code' ? 'Code' : 'Link text'} contains ${[...chars].map(describeChar).join(', ')}, which can make it read differently from what it is (Trojan Source); shown as ${[...chars].map(markerOf).join(' ')}.`, {
      ...at(line),
      hint: 'Remove the character unless it is meant to be there; bidirectional controls in code are how Trojan Source attacks hide logic.',
    });
  }
  return { title, description, frontmatter, sections: sectionRanges(tree, headings, titleHeading), chunks };
}

function readFrontmatter(tree: Root, input: ExtractMarkdownInput): Record<string, unknown> {
  const node = tree.children[0];
  if (node?.type !== 'yaml') return Object.create(null) as Record<string, unknown>;
  // Front matter content starts on the line after the opening `---`.
  const firstLine = (node.position?.start.line ?? 1) + 1;
  const result = parseFrontmatter(node.value, firstLine);
  if (result.ok) return result.data;
  const extra = { repo: input.repo, file: input.path, line: result.line };
  if (result.code === 'E_FRONTMATTER') {
    input.diagnostics.error(result.code, result.message, { ...extra, hint: 'Fix the YAML between the --- lines; the page is built without it.' });
  } else {
    input.diagnostics.warn(result.code, result.message, extra);
  }
  return Object.create(null) as Record<string, unknown>;
}

function firstParagraphText(tree: Root): string {
  const paragraph = tree.children.find((node): node is Paragraph => node.type === 'paragraph');
  // Bidirectional controls and zero-width spaces are dropped from the plain-text description
  // (meta tags, listings): they would reorder or hide text there with no marker (M9).
  return paragraph ? truncate(squash(plainText(paragraph, { imageAlt: true }).replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u200B\u2060\u180E]/g, '')), DESCRIPTION_MAX) : '';
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? squash(value) : null;
}

function fileStem(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.replace(/\.[^.]+$/, '') || name;
}

/** The whole source as escaped text: safe by construction, nothing parsed. */
function degraded(path: string, text: string): MarkdownDoc {
  const escaped = text.replace(/\u0000/g, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    title: fileStem(path),
    description: '',
    frontmatter: Object.create(null) as Record<string, unknown>,
    sections: [],
    chunks: [{ section: null, headingHtml: '', depth: 0, bodyHtml: `<pre><code>${escaped}</code></pre>` }],
  };
}
