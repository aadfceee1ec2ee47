// Ids, routes and anchors of OpenAPI pages, derived from identity only (DESIGN §4).

import { shortHash, slugSegment } from '../../model/ids.ts';

/** `GET /pets/{petId}` → `op-get-pets-petid`. */
export function operationAnchorBase(method: string, path: string): string {
  return capAnchor(`op-${asciiSlug(`${method} ${path}`)}`, `${method.toUpperCase()} ${path}`);
}

export function webhookAnchorBase(method: string, name: string): string {
  return capAnchor(`webhook-${asciiSlug(`${method} ${name}`)}`, `${method.toUpperCase()} webhook:${name}`);
}

export function schemaAnchorBase(name: string): string {
  return capAnchor(`schema-${asciiSlug(name)}`, name);
}

function asciiSlug(input: string): string {
  return input
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function capAnchor(anchor: string, identity: string): string {
  const trimmed = anchor.replace(/-+$/, '');
  if (trimmed.length <= 90 && !/^(op|webhook|schema)$/.test(trimmed)) return trimmed;
  return `${trimmed.slice(0, 80).replace(/-+$/, '')}-${shortHash(identity)}`;
}

/**
 * Gives every key its base anchor, adding a short hash of the key to all members of a group whose
 * bases collide (e.g. `/pets/{id}` and `/pets/id`), so no anchor depends on what else is in the spec
 * except when it must.
 */
export function uniqueAnchors(items: { key: string; base: string }[], taken: Set<string> = new Set()): Map<string, string> {
  const byBase = new Map<string, string[]>();
  for (const { key, base } of items) byBase.set(base, [...(byBase.get(base) ?? []), key]);
  const out = new Map<string, string>();
  for (const [base, keys] of byBase) {
    for (const key of keys) {
      const anchor = keys.length > 1 || taken.has(base) ? `${base}-${shortHash(key, 6)}` : base;
      out.set(key, anchor);
      taken.add(anchor);
    }
  }
  return out;
}

/** operationId as an alias anchor: kept verbatim when it is a safe id, else slugged. */
export function aliasAnchor(operationId: string): string | null {
  if (operationId === '') return null;
  if (/^[A-Za-z][A-Za-z0-9_.:-]{0,120}$/.test(operationId)) return operationId;
  const slug = asciiSlug(operationId);
  return slug === '' ? null : `operation-${slug.slice(0, 100)}`;
}

/**
 * Route base of a spec: its path in the repository, extension kept (`/<repo>/api/petstore.yaml/`).
 * The route depends on the spec's own path only (never on its neighbours), and the extension keeps
 * it apart from Markdown pages, whose routes drop `.md`.
 */
export function specRouteBase(repo: string, root: string): string {
  return `/${repo}/${root.split('/').map(slugSegment).join('/')}/`;
}

export function specPageId(repo: string, root: string): string {
  return `${repo}/openapi/${root}`;
}

/** Route segment for a tag, unique among the spec's tags. */
export function tagSegments(tags: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Map<string, number>();
  for (const tag of tags) used.set(slugSegment(tag), (used.get(slugSegment(tag)) ?? 0) + 1);
  for (const tag of tags) {
    const slug = slugSegment(tag);
    out.set(tag, (used.get(slug) ?? 0) > 1 ? `${slug}-${shortHash(tag, 6)}` : slug);
  }
  return out;
}

export function pathSegment(path: string): string {
  return slugSegment(path.replace(/^\/+/, '') || 'root');
}
