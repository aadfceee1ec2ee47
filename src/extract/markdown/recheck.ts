// A cached Markdown entry is used only if it is exactly what this extractor writes (audit D1):
// its shape is checked field by field, and its HTML is checked to be something the sanitizer could
// have produced: every tag, attribute and URL scheme on the schema's allow-list, document ids with
// their clobber prefix (headings excepted: their ids are slugs we set), nothing else. The check
// reads rehype-stringify's regular output lexically (one pass, no parser), so a hit stays cheap.
// Why re-check rather than sanitize again: the HTML in the cache is the sanitizer's output plus two
// steps of ours (heading ids, footnote fragments) that a second sanitizer pass would undo.
import { decodeEntities } from '../../utils/entities.ts';
import { sanitizeSchema } from './schema.ts';
import type { MarkdownChunk, MarkdownDoc, MarkdownSection } from './types.ts';

type Allowed = (string | number | boolean | RegExp)[] | null;

/** hast property name → HTML attribute name (the schema speaks hast). */
function attributeName(property: string): string {
  if (property === 'className') return 'class';
  if (property === 'htmlFor') return 'for';
  if (property === 'acceptCharset') return 'accept-charset';
  if (/^aria[A-Z]/.test(property)) return `aria-${property.slice(4).toLowerCase()}`;
  if (/^data[A-Z]/.test(property)) return `data${property.slice(4).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return property.toLowerCase();
}

const TAGS = new Set(sanitizeSchema.tagNames ?? []);
/** Per tag (and `*`): attribute name → allowed values (null: any). */
const ATTRIBUTES = new Map<string, Map<string, Allowed>>();
for (const [tag, list] of Object.entries(sanitizeSchema.attributes ?? {})) {
  const allowed = new Map<string, Allowed>();
  for (const entry of list) {
    if (typeof entry === 'string') allowed.set(attributeName(entry), null);
    else {
      const [name, ...values] = entry as [string, ...(string | number | boolean | RegExp)[]];
      allowed.set(attributeName(name), values.length > 0 ? values : null);
    }
  }
  ATTRIBUTES.set(tag, allowed);
}
const PROTOCOLS = new Map(Object.entries(sanitizeSchema.protocols ?? {}).map(([name, list]) => [attributeName(name), list ?? []]));
const CLOBBER = new Set((sanitizeSchema.clobber ?? []).map(attributeName));
const PREFIX = sanitizeSchema.clobberPrefix ?? 'user-content-';

/** hast-util-sanitize's URL rule: relative, or a scheme on the list. */
function safeUrl(value: string, protocols: readonly string[]): boolean {
  const colon = value.indexOf(':');
  const question = value.indexOf('?');
  const hash = value.indexOf('#');
  const slash = value.indexOf('/');
  if (colon < 0 || (slash > -1 && colon > slash) || (question > -1 && colon > question) || (hash > -1 && colon > hash)) return true;
  return protocols.includes(value.slice(0, colon).toLowerCase());
}

function valueAllowed(value: string, allowed: Allowed, attribute: string): boolean {
  if (allowed === null) return true;
  // Class lists are checked token by token; booleans are written without a value.
  const tokens = attribute === 'class' ? value.split(/\s+/).filter(Boolean) : [value];
  return tokens.every((t) => allowed.some((a) => (a instanceof RegExp ? a.test(t) : a === true ? t === '' : String(a) === t)));
}

const TAG_RE = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)\s*\/?>/y;
const ATTR_RE = /\s+([^\s"'>/=]+)(?:="([^"]*)")?/g;

/** Why `html` is not sanitizer output, or null when it could be. */
export function sanitizedHtmlProblem(html: string): string | null {
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    TAG_RE.lastIndex = at;
    const m = TAG_RE.exec(html);
    if (!m) return `markup the sanitizer never writes at offset ${at}`;
    const tag = m[2]!.toLowerCase();
    if (!TAGS.has(tag)) return `a <${tag}> element`;
    if (m[1] === '/') {
      if (m[3] !== '') return `a closing </${tag}> with attributes`;
      continue;
    }
    for (const a of m[3]!.matchAll(ATTR_RE)) {
      const name = a[1]!.toLowerCase();
      const value = decodeEntities(a[2] ?? '');
      const allowed = ATTRIBUTES.get(tag)?.has(name) ? ATTRIBUTES.get(tag)!.get(name)! : ATTRIBUTES.get('*')?.has(name) ? ATTRIBUTES.get('*')!.get(name)! : undefined;
      if (allowed === undefined) return `an attribute ${name} on <${tag}>`;
      if (!valueAllowed(value, allowed, name)) return `a value of ${name} on <${tag}> it never allows`;
      const protocols = PROTOCOLS.get(name);
      if (protocols && !safeUrl(value, protocols)) return `a URL in ${name} with a scheme it drops`;
      if (CLOBBER.has(name) && !value.startsWith(PREFIX) && !(name === 'id' && /^h[1-6]$/.test(tag))) return `an ${name} without the ${PREFIX} prefix`;
    }
  }
  return null;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isSection(v: unknown): v is MarkdownSection {
  return isObject(v) && isString(v.anchor) && isString(v.title) && Number.isInteger(v.depth) && Array.isArray(v.lines) && v.lines.length === 2 && v.lines.every((n) => Number.isInteger(n));
}

function isChunk(v: unknown): v is MarkdownChunk {
  return isObject(v) && (v.section === null || isString(v.section)) && isString(v.headingHtml) && Number.isInteger(v.depth) && isString(v.bodyHtml);
}

/** Why a cached document is not one this extractor writes, or null. */
export function cachedDocProblem(doc: unknown): string | null {
  if (doc === null) return null;
  if (!isObject(doc) || !isString(doc.title) || !isString(doc.description) || !isObject(doc.frontmatter)) return 'not a Markdown document';
  if (!Array.isArray(doc.sections) || !doc.sections.every(isSection)) return 'its sections are malformed';
  if (!Array.isArray(doc.chunks) || !doc.chunks.every(isChunk)) return 'its chunks are malformed';
  for (const c of (doc as unknown as MarkdownDoc).chunks) {
    const problem = sanitizedHtmlProblem(c.headingHtml) ?? sanitizedHtmlProblem(c.bodyHtml);
    if (problem) return `its HTML holds ${problem}`;
  }
  return null;
}
