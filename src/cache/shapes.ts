// Shape checks for what stages keep in the cache. The store verifies an entry's integrity (its
// checksum and key); these verify it is the plain data the stage writes, field by field, before a
// stage uses it: an entry that is not is rebuilt, never trusted (a wrong field type would otherwise
// crash a later stage, or put something unexpected into a page).
import { isCode } from '../model/codes.ts';
import type { Diagnostic } from '../model/diagnostics.ts';
import type { ExtractedPage, ExtractedSection } from '../model/extracted.ts';
import type { SourceRef } from '../model/page.ts';
import type { SitePage } from '../model/site.ts';

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const optional = (v: unknown, check: (x: unknown) => boolean): boolean => v === undefined || check(v);

/** A diagnostic as the pipeline makes them: a catalogue code with a severity, text fields only. */
export function isDiagnostic(v: unknown): v is Diagnostic {
  if (!isObject(v) || !isString(v.code) || !isCode(v.code) || !isString(v.message)) return false;
  if (v.severity !== 'error' && v.severity !== 'warning' && v.severity !== 'info') return false;
  for (const k of ['hint', 'repo', 'file', 'pointer'] as const) if (!optional(v[k], isString)) return false;
  for (const k of ['line', 'column'] as const) if (!optional(v[k], Number.isInteger)) return false;
  return true;
}

export const isDiagnostics = (v: unknown): v is Diagnostic[] => Array.isArray(v) && v.every(isDiagnostic);

function isSourceRef(v: unknown): v is SourceRef {
  return isObject(v) && isString(v.repo) && isString(v.path) && optional(v.lines, (l) => Array.isArray(l) && l.length === 2 && l.every(Number.isInteger)) && optional(v.pointer, isString);
}

function isExtractedSection(v: unknown): v is ExtractedSection {
  return (
    isObject(v) &&
    isString(v.anchor) &&
    isString(v.kind) &&
    isString(v.key) &&
    isString(v.title) &&
    optional(v.depth, Number.isInteger) &&
    Array.isArray(v.sources) &&
    v.sources.every(isSourceRef) &&
    optional(v.aliases, isStringArray) &&
    optional(v.config, (c) => isObject(c) && isString(c.type) && isString(c.value) && isString(c.description))
  );
}

/** Page bodies: HTML strings and `{ section }` slots. */
export const isBody = (v: unknown): boolean => Array.isArray(v) && v.every((p) => isString(p) || (isObject(p) && isString(p.section)));

export function isExtractedPage(v: unknown): v is ExtractedPage {
  return (
    isObject(v) &&
    isString(v.id) &&
    isString(v.route) &&
    isString(v.title) &&
    isString(v.kind) &&
    isString(v.repo) &&
    isString(v.navDir) &&
    optional(v.navOrder, isString) &&
    isString(v.description) &&
    Array.isArray(v.sources) &&
    v.sources.every(isSourceRef) &&
    Array.isArray(v.sections) &&
    v.sections.every(isExtractedSection) &&
    optional(v.owners, isStringArray) &&
    optional(v.banners, (b) => Array.isArray(b) && b.every((x) => isObject(x) && (x.severity === 'error' || x.severity === 'warning') && isString(x.message))) &&
    isBody(v.body)
  );
}

const isNavLinks = (v: unknown): boolean => Array.isArray(v) && v.every((l) => isObject(l) && isString(l.title) && isString(l.route) && optional(l.children, isNavLinks));

export function isSitePage(v: unknown): v is SitePage {
  return (
    isObject(v) &&
    isString(v.route) &&
    isString(v.title) &&
    isString(v.description) &&
    (v.repo === null || isString(v.repo)) &&
    isString(v.bodyHtml) &&
    Array.isArray(v.toc) &&
    v.toc.every((t) => isObject(t) && isString(t.anchor) && isString(t.title) && Number.isInteger(t.depth)) &&
    isObject(v.nav) &&
    isNavLinks(v.nav.breadcrumbs) &&
    isNavLinks(v.nav.sidebar) &&
    optional(v.lang, isString) &&
    optional(v.indexed, (x) => typeof x === 'boolean') &&
    optional(v.searchGroup, isString) &&
    optional(v.redirect, (r) => isObject(r) && isString(r.to) && isObject(r.moves) && Object.values(r.moves).every(isString))
  );
}
