// Operations grouped as readers expect: by their first tag (declared anywhere, referenced files
// included), in the order the spec declares its tags, then tags in order of first use; operations
// without a tag by the first meaningful segment of their path (`/v1/widgets/{id}` → "Widgets"),
// never one group per path.

import type { OpEntry } from './collect.ts';
import { tagSegments } from './ids.ts';
import { isObj, md, text, type Obj } from './text.ts';

export interface Group {
  kind: 'tag' | 'path';
  /** Tag name, or the path segment ('' for operations on `/`). */
  key: string;
  id: string;
  route: string;
  title: string;
  /** The tag object (description, externalDocs), `{}` for path groups. */
  info: Obj;
  ops: OpEntry[];
}

/** Leading path segments that say nothing about the resource: `api`, versions, parameters. */
const PREFIX = /^(api|apis|rest|v\d+([._-]?\d+)*([a-z]+\d*)?|\d+(\.\d+)*)$/i;

/** The segment an untagged operation is grouped by: the first that names a resource. */
export function pathGroupKey(path: string): string {
  const segments = path.split('/').filter((s) => s !== '');
  const named = segments.filter((s) => !/^\{.*\}$/.test(s));
  return named.find((s) => !PREFIX.test(s)) ?? named[0] ?? '';
}

/** `user-accounts` → "User accounts"; '' → "Root". */
export function pathGroupTitle(key: string): string {
  const words = key.replace(/[-_.]+/g, ' ').trim();
  return words === '' ? 'Root' : words.charAt(0).toUpperCase() + words.slice(1);
}

export function groupOperations(ops: OpEntry[], tagsValue: unknown, base: string, pageId: string): { groups: Group[]; introTags: { name: string; descriptionHtml: string }[] } {
  const declared = new Map<string, Obj>();
  for (const t of Array.isArray(tagsValue) ? tagsValue.filter(isObj) : []) if (typeof t.name === 'string' && !declared.has(t.name)) declared.set(t.name, t);
  const byTag = new Map<string, OpEntry[]>();
  const byPath = new Map<string, OpEntry[]>();
  for (const o of ops) {
    if (o.webhook) continue;
    if (o.tag !== '') byTag.set(o.tag, [...(byTag.get(o.tag) ?? []), o]);
    else {
      const key = pathGroupKey(o.path);
      byPath.set(key, [...(byPath.get(key) ?? []), o]);
    }
  }
  const tagOrder = [...[...declared.keys()].filter((t) => byTag.has(t)), ...[...byTag.keys()].filter((t) => !declared.has(t))];
  const tagSlug = tagSegments(tagOrder);
  const pathSlug = tagSegments([...byPath.keys()].map((k) => k || 'root'));
  const groups: Group[] = [];
  for (const tag of tagOrder) {
    const info = declared.get(tag) ?? {};
    const display = typeof info['x-displayName'] === 'string' && info['x-displayName'] !== '' ? info['x-displayName'] : tag;
    groups.push({ kind: 'tag', key: tag, id: `${pageId}/tag/${tag}`, route: `${base}tags/${tagSlug.get(tag)}/`, title: text(display), info, ops: byTag.get(tag)! });
  }
  for (const [key, list] of byPath) {
    groups.push({ kind: 'path', key, id: `${pageId}/paths/${key}`, route: `${base}paths/${pathSlug.get(key || 'root')}/`, title: pathGroupTitle(text(key)), info: {}, ops: list });
  }
  // Tags without operations that describe the API (Redoc's "trait tags", introductions).
  const introTags = [...declared.values()]
    .filter((t) => !byTag.has(String(t.name)) && typeof t.description === 'string' && t.description.trim() !== '')
    .map((t) => ({ name: text(typeof t['x-displayName'] === 'string' ? t['x-displayName'] : t.name), descriptionHtml: md(t.description) }));
  return { groups, introTags };
}
