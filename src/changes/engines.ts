// The file engines as the history stage drives them: parse one version of a source file (its
// bytes as git stores them), compare two parsed versions. A comparison's result is plain data
// (cached by the pair of blobs) with, per changed entity, a before/after view: a word diff of the
// entity's text (redacted before diffing, bounded), readable without JS.
import { stringify } from 'yaml';
import { parseConfigText } from '../extract/config/index.ts';
import type { ParsedConfig } from '../extract/config/model.ts';
import { markdownSections } from '../extract/markdown/index.ts';
import type { MarkdownSection } from '../extract/markdown/types.ts';
import { operationAnchorBase, schemaAnchorBase } from '../extract/openapi/ids.ts';
import { parseSpecFile } from '../extract/openapi/parse.ts';
import { Diagnostics } from '../model/diagnostics.ts';
import type { SectionKind } from '../model/extracted.ts';
import type { ChangeKind } from '../model/changes.ts';
import { redactContent } from '../secrets/index.ts';
import { diffConfig } from './config.ts';
import { diffMarkdown } from './markdown.ts';
import { matchKey } from './openapi/doc.ts';
import { diffOpenApi } from './openapi/index.ts';
import { isObj, resolve } from './openapi/json.ts';
import { renderDiff } from './text-diff.ts';

/** Bumped whenever an engine's output for the same two blobs may differ: cached comparisons then miss. */
export const ENGINE_VERSION = 1;

/** A view's bound (characters of rendered diff): a page lists several per section. */
export const VIEW_CHARS = 6_000;

/** One semantic change an engine found, by the key of the section it belongs to. */
export interface Found {
  sectionKind: SectionKind;
  key: string;
  change: ChangeKind;
  breaking: boolean | null;
  from: string | null;
  to: string | null;
  summary: string;
  /** Renames: the key before. */
  fromKey?: string;
  /** API entities removed: the anchor they had. */
  oldAnchor?: string;
}

/** What comparing two versions gave: the changes, and per changed entity (`<kind>\0<key>`) its before/after view. */
export interface PairResult {
  found: Found[];
  views: Record<string, string>;
  /** A version could not be parsed: nothing is known about this pair. */
  unreadable?: boolean;
}

export interface FileEngine<M> {
  /** Cache namespace part. */
  name: 'openapi' | 'config' | 'markdown';
  parse(text: string, name: string): M | null;
  diff(before: M, after: M): PairResult;
}

export function viewKey(kind: SectionKind, key: string): string {
  return `${kind}\0${key}`;
}

function view(before: string, after: string): string {
  return renderDiff(redactContent(before).text, redactContent(after).text, { maxChars: VIEW_CHARS }).html;
}

// ---- OpenAPI ---------------------------------------------------------------------------------

interface SpecVersion {
  doc: unknown;
  yaml: boolean;
}

/** The node of operation `METHOD /path` (path parameter names may differ) or of schema `name`, or undefined. */
function entityNode(doc: unknown, entity: 'operation' | 'schema' | 'webhook', key: string): unknown {
  if (!isObj(doc)) return undefined;
  if (entity === 'schema') {
    const defs = typeof doc.swagger === 'string' ? doc.definitions : isObj(doc.components) ? doc.components.schemas : undefined;
    return isObj(defs) && Object.hasOwn(defs, key) ? defs[key] : undefined;
  }
  if (entity === 'webhook') return isObj(doc.webhooks) && Object.hasOwn(doc.webhooks, key) ? doc.webhooks[key] : undefined;
  const space = key.indexOf(' ');
  const method = key.slice(0, space).toLowerCase();
  const want = matchKey(method, key.slice(space + 1));
  if (!isObj(doc.paths)) return undefined;
  for (const [path, raw] of Object.entries(doc.paths)) {
    if (matchKey(method, path) !== want) continue;
    const item = resolve(doc, raw, '').node;
    if (!isObj(item)) return undefined;
    const extra = isObj(item.additionalOperations) ? item.additionalOperations : {};
    const op = item[method] ?? Object.entries(extra).find(([m]) => m.toLowerCase() === method)?.[1];
    return op === undefined ? undefined : resolve(doc, op, '').node;
  }
  return undefined;
}

function specText(node: unknown, yaml: boolean): string {
  if (node === undefined) return '';
  return yaml ? stringify(node, { aliasDuplicateObjects: false, lineWidth: 0 }) : JSON.stringify(node, null, 2);
}

/** Checks that add or remove the entity itself (oasdiff ids). */
const ENTITY_CHECKS = /^(endpoint-added|api-(path-)?removed-(with|without)-deprecation|api-schema-(added|removed)|webhook-(added|removed))$/;

export const openApiEngine: FileEngine<SpecVersion> = {
  name: 'openapi',
  parse(text, name) {
    const parsed = parseSpecFile(text, { repo: '', path: name, diagnostics: new Diagnostics() });
    return parsed && isObj(parsed.value) ? { doc: parsed.value, yaml: parsed.format === 'yaml' } : null;
  },
  diff(before, after) {
    const found: Found[] = [];
    const views: Record<string, string> = {};
    for (const c of diffOpenApi(before.doc, after.doc)) {
      if (c.entity === 'document') continue;
      const sectionKind: SectionKind = c.entity === 'schema' ? 'schema' : 'operation';
      // Webhooks are operation sections keyed `METHOD webhook:<name>`; the engine keys them by name.
      const key = c.entity === 'webhook' ? `webhook:${c.key}` : c.key;
      const oldAnchor =
        c.change === 'removed' && c.side === 'old' && (c.check.startsWith('api-removed') || c.check.startsWith('api-path-removed') || c.check === 'api-schema-removed')
          ? c.entity === 'schema'
            ? schemaAnchorBase(c.key)
            : operationAnchorBase(c.key.slice(0, c.key.indexOf(' ')).toLowerCase(), c.key.slice(c.key.indexOf(' ') + 1))
          : undefined;
      // `added`/`removed` say what happened to the section's entity (the operation, the schema);
      // a parameter or property added to an operation is a change of that operation.
      const change = (c.change === 'added' || c.change === 'removed') && !ENTITY_CHECKS.test(c.check) ? 'changed' : c.change;
      found.push({ sectionKind, key, change, breaking: c.breaking, from: null, to: null, summary: c.summary, ...(oldAnchor ? { oldAnchor } : {}) });
      const vk = viewKey(sectionKind, key);
      if (views[vk] === undefined) {
        const entity = c.entity === 'webhook' ? 'webhook' : c.entity;
        const a = specText(entityNode(before.doc, entity, c.key), before.yaml);
        const b = specText(entityNode(after.doc, entity, c.key), after.yaml);
        views[vk] = a === b ? '' : view(a, b);
      }
    }
    return { found, views };
  },
};

// ---- Configuration ---------------------------------------------------------------------------

/** The config engine for files of one kind (the kind decides the parser: compose, Helm values…). */
export function configEngine(kind: string): FileEngine<ParsedConfig> {
  return {
    name: 'config',
    parse(text, name) {
      return parseConfigText({ repo: '', path: name, kind, text, diagnostics: new Diagnostics() });
    },
    diff(before, after) {
      const found: Found[] = [];
      const views: Record<string, string> = {};
      for (const c of diffConfig(before, after)) {
        found.push({ sectionKind: 'config-key', key: c.key, change: c.change, breaking: c.breaking, from: c.from, to: c.to, summary: c.summary, ...(c.fromKey !== undefined ? { fromKey: c.fromKey } : {}) });
        const vk = viewKey('config-key', c.key);
        if (views[vk] === undefined && c.change === 'changed' && (c.from !== null || c.to !== null)) views[vk] = view(c.from ?? '', c.to ?? '');
      }
      return { found, views };
    },
  };
}

// ---- Markdown --------------------------------------------------------------------------------

interface MarkdownVersionText {
  text: string;
  sections: MarkdownSection[];
}

export const markdownEngine: FileEngine<MarkdownVersionText> = {
  name: 'markdown',
  parse(text) {
    const sections = markdownSections(text);
    return sections ? { text: text.startsWith('\uFEFF') ? text.slice(1) : text, sections } : null;
  },
  diff(before, after) {
    const found: Found[] = [];
    const views: Record<string, string> = {};
    for (const d of diffMarkdown(before, after, { maxChars: VIEW_CHARS })) {
      found.push({ sectionKind: 'heading', key: d.key, change: d.change, breaking: null, from: null, to: null, summary: d.summary, ...(d.fromKey !== undefined ? { fromKey: d.fromKey } : {}) });
      views[viewKey('heading', d.key)] = d.diffHtml;
    }
    return { found, views };
  },
};
