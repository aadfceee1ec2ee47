// Syntax highlighting at build time (Shiki, the highlighter Astro ships), in the site stage: every
// `<pre><code class="language-x">` of a page body, whichever extractor or template wrote it
// (Markdown fences, TypeScript signatures, examples), is highlighted once per built page, and the
// page cache keeps the result. No script runs in the reader's browser for it.
//
// Bodies are trusted HTML (sanitized or escaped before this stage); highlighting runs after that
// and writes only what it derives: the code's text, re-escaped, in `<span class="…">` tokens whose
// classes come from our palette (code-theme.ts). Links inside code (TypeScript signatures link
// their types) are kept where they were. Unknown languages, and blocks holding other markup,
// stay as they are, and so does code holding anything the output gate looks for (the gate then
// sees it whole and stops publishing). Output is a pure function of the body and the Shiki version (part of
// livewiki's digest), so the cache and byte-identical rebuilds hold.

import { bundledLanguages, createHighlighter, type BundledTheme, type Highlighter, type ThemedToken, type ThemedTokenWithVariants } from 'shiki';
import { createOnigurumaEngine } from 'shiki/engine/oniguruma';
import { decodeEntities } from '../utils/entities.ts';
import { findHits } from '../secrets/redact.ts';
import { GATE_RULES } from '../secrets/rules.ts';
import { CODE_THEMES, codePalette, normalizeColor, pairedTheme, type CodePalette, type ColorPair } from './code-theme.ts';

/** Bigger blocks are shown plain: highlighting cost stays bounded per page. */
const MAX_CHARS = 100_000;
const MAX_LINES = 5_000;
/** Longer lines are left untokenized (a minified file); never a time limit, which would make output depend on the machine. */
const MAX_LINE_LENGTH = 2_000;
const PLAIN = new Set(['text', 'txt', 'plain', 'plaintext', 'ansi', 'none']);
/** Markup a code block may hold and keep (links in signatures, emphasis); anything else: left plain. */
const INLINE_TAG = /^<\/?(a|span|em|strong|b|i)(\s[^>]*)?>$/i;

/** Character references other than those decodeEntities reads (numeric ones and the XML five). */
const OTHER_ENTITY = /&(?!(?:#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);)[a-z][a-z0-9]*;/i;

const BLOCK = /<pre(\s(?:[^>"']|"[^"]*"|'[^']*')*)?>(\s*)<code(\s(?:[^>"']|"[^"]*"|'[^']*')*)?>([\s\S]*?)<\/code>(\s*)<\/pre>/g;

interface Engine {
  highlighter: Highlighter;
  palette: CodePalette;
  /** The one theme standing for both (code-theme.ts), when the two themes allow it. */
  paired: { name: string; pairs: Map<string, ColorPair> } | null;
  loaded: Set<string>;
}

// One highlighter per process: themes and grammars are loaded once, languages as pages use them.
let engine: Promise<Engine> | null = null;

function load(): Promise<Engine> {
  engine ??= (async () => {
    const highlighter = await createHighlighter({
      themes: [CODE_THEMES.light, CODE_THEMES.dark],
      langs: [],
      engine: createOnigurumaEngine(import('shiki/wasm')),
    });
    const themes = { light: highlighter.getTheme(CODE_THEMES.light), dark: highlighter.getTheme(CODE_THEMES.dark) };
    const palette = codePalette(themes);
    const pair = pairedTheme(themes);
    if (pair) await highlighter.loadTheme(pair.theme);
    return { highlighter, palette, paired: pair ? { name: pair.theme.name, pairs: pair.pairs } : null, loaded: new Set<string>() };
  })();
  return engine;
}

/** The palette (for the generated stylesheet). */
export async function loadCodePalette(): Promise<CodePalette> {
  return (await load()).palette;
}

function classAttr(attrs: string | undefined): string {
  return /\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(attrs ?? '')?.slice(1).find((v) => v !== undefined) ?? '';
}

/** `language-ts` on the code (or the pre) → `ts`; null for none or an unknown/plain one. */
export function languageOf(preAttrs: string | undefined, codeAttrs: string | undefined): string | null {
  for (const attrs of [codeAttrs, preAttrs]) {
    const m = /(?:^|\s)language-([^\s]+)/.exec(classAttr(attrs));
    if (!m) continue;
    const lang = decodeEntities(m[1]!).toLowerCase();
    if (PLAIN.has(lang) || !Object.hasOwn(bundledLanguages, lang)) return null;
    return lang;
  }
  return null;
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Inner HTML of a code element → its text and the tags found in it, by text offset; null when it holds other markup. */
function splitInner(inner: string): { text: string; tags: { at: number; tag: string }[] } | null {
  let text = '';
  const tags: { at: number; tag: string }[] = [];
  for (const part of inner.split(/(<[^>]*>)/)) {
    if (part === '') continue;
    if (part.startsWith('<')) {
      // A Trojan Source marker (lw-invisible) stays whole beside its neighbours: such code is shown as written.
      if (!INLINE_TAG.test(part) || part.includes('lw-invisible')) return null;
      tags.push({ at: text.length, tag: part });
    } else {
      // A named reference decodeEntities does not know (`&nbsp;`) would come out as text.
      if (part.includes('<') || OTHER_ENTITY.test(part)) return null;
      text += decodeEntities(part);
    }
  }
  return { text, tags };
}

/** A token as both themes colour it. */
interface Token {
  content: string;
  light: string | null;
  dark: string | null;
  /** Shiki's FontStyle bits both themes agree on: 1 italic, 2 bold, 4 underline. */
  fontStyle: number;
}

function fromVariants(token: ThemedTokenWithVariants): Token {
  return {
    content: token.content,
    light: normalizeColor(token.variants.light?.color),
    dark: normalizeColor(token.variants.dark?.color),
    fontStyle: (token.variants.light?.fontStyle ?? 0) & (token.variants.dark?.fontStyle ?? 0),
  };
}

function fromPair(token: ThemedToken, pairs: Map<string, ColorPair>): Token {
  const pair = pairs.get((token.color ?? '').toLowerCase());
  return { content: token.content, light: pair?.light ?? null, dark: pair?.dark ?? null, fontStyle: Math.max(0, token.fontStyle ?? 0) };
}

/** The tokens of `text` in both themes: one tokenization with the paired theme, else one per theme. */
export async function tokenize(text: string, lang: string, options: { paired?: boolean } = {}): Promise<Token[][]> {
  const { highlighter, paired, loaded } = await load();
  if (!loaded.has(lang)) {
    await highlighter.loadLanguage(lang as keyof typeof bundledLanguages);
    loaded.add(lang);
  }
  const common = { lang: lang as keyof typeof bundledLanguages, tokenizeMaxLineLength: MAX_LINE_LENGTH, tokenizeTimeLimit: 0 };
  if (paired && options.paired !== false) {
    // A theme loaded at run time, not one of Shiki's bundled names.
    const theme = paired.name as BundledTheme;
    return highlighter.codeToTokensBase(text, { ...common, theme }).map((line) => line.map((t) => fromPair(t, paired.pairs)));
  }
  return highlighter.codeToTokensWithThemes(text, { ...common, themes: { light: CODE_THEMES.light, dark: CODE_THEMES.dark } }).map((line) => line.map(fromVariants));
}

function tokenClass(token: Token, palette: CodePalette): string {
  const names: string[] = [];
  const l = palette.classes.light.get(token.light ?? '');
  const d = palette.classes.dark.get(token.dark ?? '');
  if (l) names.push(l);
  if (d) names.push(d);
  const style = token.fontStyle;
  if (style > 0) {
    if (style & 1) names.push('fi');
    if (style & 2) names.push('fb');
    if (style & 4) names.push('fu');
  }
  return names.join(' ');
}

/** Highlighted inner HTML: tokens as spans, the original inline tags re-inserted at their offsets. */
function render(lines: Token[][], tags: { at: number; tag: string }[], palette: CodePalette): string {
  let out = '';
  let pos = 0;
  let nextTag = 0;
  let open = '';
  let buffer = '';
  const flush = () => {
    if (buffer === '') return;
    out += open === '' ? escapeText(buffer) : `<span class="${open}">${escapeText(buffer)}</span>`;
    buffer = '';
  };
  const emit = (text: string, cls: string) => {
    let rest = text;
    while (rest !== '') {
      // Tags sit between characters; a token that spans one is split around it.
      while (nextTag < tags.length && tags[nextTag]!.at <= pos) {
        flush();
        out += tags[nextTag++]!.tag;
      }
      const limit = nextTag < tags.length ? tags[nextTag]!.at - pos : rest.length;
      const piece = rest.slice(0, Math.max(1, Math.min(limit, rest.length)));
      if (cls !== open) {
        flush();
        open = cls;
      }
      buffer += piece;
      pos += piece.length;
      rest = rest.slice(piece.length);
    }
  };
  lines.forEach((line, i) => {
    if (i > 0) emit('\n', open);
    for (const token of line) emit(token.content, tokenClass(token, palette));
  });
  flush();
  while (nextTag < tags.length) out += tags[nextTag++]!.tag;
  return out;
}

function withAttribute(attrs: string | undefined, cls: string): string {
  let a = attrs ?? '';
  a = /\bclass\s*=\s*"/i.test(a) ? a.replace(/\bclass\s*=\s*"/i, (m) => `${m}${cls} `) : `${a} class="${cls}"`;
  if (!/\btabindex\s*=/i.test(a)) a += ' tabindex="0"';
  return a;
}

/**
 * Highlights the code blocks of a page body. Every `<pre>` with a `<code>` also becomes a keyboard
 * stop (`tabindex="0"`), so code that scrolls sideways can be scrolled from the keyboard, and gets
 * a `div.lw-codeblock` around it for its copy button.
 */
export async function highlightHtml(html: string): Promise<string> {
  if (!html.includes('<pre')) return html;
  const blocks = [...html.matchAll(BLOCK)];
  if (blocks.length === 0) return html;
  const { palette } = await load();
  const tokenized = new Map<number, Token[][]>();
  for (const b of blocks) {
    const lang = languageOf(b[1], b[3]);
    const split = lang === null ? null : splitInner(b[4]!);
    if (lang !== null && split !== null && split.text.length <= MAX_CHARS && split.text.split('\n').length <= MAX_LINES && split.text.trim() !== '') {
      // Code the output gate would stop is left whole: tokens would split it across spans,
      // where the gate (which reads the HTML) could miss it.
      if (findHits(split.text, GATE_RULES).length > 0) continue;
      tokenized.set(b.index, await tokenize(split.text, lang));
    }
  }
  let out = '';
  let last = 0;
  for (const b of blocks) {
    const [all, preAttrs, ws1, codeAttrs, inner, ws2] = b;
    const lines = tokenized.get(b.index);
    let body = inner!;
    let cls = 'lw-code-plain';
    if (lines) {
      body = render(lines, splitInner(inner!)!.tags, palette);
      cls = 'lw-code';
    }
    // The wrapper holds the copy button the browser adds (reading.ts); written here, so the block
    // is never moved after the first paint.
    out += `${html.slice(last, b.index)}<div class="lw-codeblock"><pre${withAttribute(preAttrs, cls)}>${ws1}<code${codeAttrs ?? ''}>${body}</code>${ws2}</pre></div>`;
    last = b.index + all.length;
  }
  return out + html.slice(last);
}

/** The pages with their bodies highlighted (the rest of each page as it was). */
export async function highlightPages<T extends { bodyHtml: string }>(pages: T[]): Promise<T[]> {
  const out: T[] = [];
  for (const page of pages) {
    const bodyHtml = await highlightHtml(page.bodyHtml);
    out.push(bodyHtml === page.bodyHtml ? page : { ...page, bodyHtml });
  }
  return out;
}
