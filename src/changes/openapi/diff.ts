// OpenAPI change classification: two versions of one document in, a list of plain-data changes
// out, each with its entity (operation or component schema), pointer, check id (oasdiff's where
// it has one), level and a one-line summary. Pure: no I/O; local `$ref`s are followed here,
// external ones must be bundled by the caller. Unchanged operations are skipped in O(size) thanks
// to the changed-ref set (json.ts), so a 2.8 MB spec pair with one edit costs two walks.

import type { ApiChange, Level } from '../types.ts';
import { checkDef, isBreaking, type CheckDef } from './checks.ts';
import { docView, matchKey, type DocView, type HeaderView, type OperationView, type ParamView } from './doc.ts';
import { changedRefs, isObj, resolve, sameTree, type Obj } from './json.ts';
import { code, diffSchema, type Emission, type SchemaContext, type Where } from './schema.ts';

interface EntityOut {
  entity: ApiChange['entity'];
  key: string;
  changes: ApiChange[];
  seen: Set<string>;
  docEdits: string[];
}

function directionOf(check: string): ApiChange['direction'] {
  if (check.startsWith('request-') || check.startsWith('new-') || check.includes('-request-')) return 'request';
  if (check.startsWith('response-') || check.includes('-response-')) return 'response';
  return 'none';
}

function push(out: EntityOut, e: Emission, levelOverride?: Level): void {
  // One line per finding: the same property reached through two oneOf branches is one change.
  const dedupe = `${e.check}\0${e.summary}`;
  if (out.seen.has(dedupe)) return;
  out.seen.add(dedupe);
  const level = levelOverride ?? e.def.level;
  out.changes.push({
    key: out.key,
    entity: out.entity,
    change: e.change,
    breaking: isBreaking(level),
    from: null,
    to: null,
    summary: e.summary,
    pointer: e.pointer,
    side: e.side,
    check: e.check,
    level,
    direction: directionOf(e.check),
  });
}

function fixed(check: string, change: Emission['change'], pointer: string, side: 'new' | 'old', summary: string): Emission {
  return { check, def: checkDef(check), change, pointer, side, summary };
}

/**
 * `ownDocs` says which documentation edits belong to the entity: a component schema's reworded
 * description belongs to that schema's history, not to every operation (or schema) that uses it,
 * which would otherwise fill hundreds of histories.
 */
function schemaContext(oldRoot: unknown, newRoot: unknown, changed: Set<string>, sink: EntityOut, clean: Set<string>, ownDocs: (pointer: string) => boolean): SchemaContext {
  return {
    oldRoot,
    newRoot,
    changed,
    emit: (e) => push(sink, e),
    docEdit: (p) => {
      if (ownDocs(p)) sink.docEdits.push(p);
    },
    inProgress: new Set(),
    clean,
    cycleHits: 0,
  };
}

function finish(out: EntityOut): ApiChange[] {
  if (out.docEdits.length > 0) {
    const n = out.docEdits.length;
    push(out, fixed('documentation-changed', 'changed', out.docEdits[0]!, 'new', n === 1 ? 'description edited' : `descriptions edited in ${n} places`));
  }
  return out.changes;
}

const HTTP_SUCCESS = /^2\d\d$/;

function paramLabel(p: ParamView): string {
  const where = p.in === 'formData' ? 'form' : p.in;
  return `${where} parameter \`${p.name}\``;
}

/** Path parameters are matched by their position in the template, so renaming `{id}` to `{petId}` is not a removal. */
function paramsByKey(op: OperationView): Map<string, ParamView> {
  const names = [...op.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  const out = new Map<string, ParamView>();
  for (const [key, p] of op.params) {
    const i = p.in === 'path' ? names.indexOf(p.name) : -1;
    out.set(i >= 0 ? `path:#${i}` : key, p);
  }
  return out;
}

function diffParams(ctx: SchemaContext, out: EntityOut, o: OperationView, n: OperationView): void {
  const op = paramsByKey(o);
  const np = paramsByKey(n);
  for (const [key, p] of op) {
    if (np.has(key)) continue;
    const check = p.deprecated ? 'request-parameter-removed-with-deprecation' : 'request-parameter-removed';
    push(out, fixed(check, 'removed', p.pointer, 'old', `${paramLabel(p)} removed`));
  }
  for (const [key, p] of np) {
    const was = op.get(key);
    if (!was) {
      const check = p.in === 'path' ? 'new-request-path-parameter' : p.required ? 'new-required-request-parameter' : 'new-optional-request-parameter';
      push(out, fixed(check, 'added', p.pointer, 'new', `new ${p.required ? 'required' : 'optional'} ${paramLabel(p)}`));
      continue;
    }
    if (sameTree(was.node, p.node, ctx.changed)) continue;
    if (was.name !== p.name) push(out, fixed('documentation-changed', 'renamed', p.pointer, 'new', `path parameter \`${was.name}\` renamed to \`${p.name}\``));
    if (was.required !== p.required) {
      push(out, fixed(p.required ? 'request-parameter-became-required' : 'request-parameter-became-optional', 'changed', p.pointer, 'new', `${paramLabel(p)} became ${p.required ? 'required' : 'optional'}`));
    }
    if (!was.deprecated && p.deprecated) push(out, fixed('request-parameter-deprecated', 'deprecated', p.pointer, 'new', `${paramLabel(p)} deprecated`));
    if (was.deprecated && !p.deprecated) push(out, fixed('request-parameter-reactivated', 'changed', p.pointer, 'new', `${paramLabel(p)} no longer deprecated`));
    if (was.node.description !== p.node.description) ctx.docEdit(p.pointer);
    if (was.schema && p.schema) {
      const where: Where = { direction: 'request', root: 'parameter', label: paramLabel(p) };
      diffSchema(ctx, was.schema.schema, was.schema.pointer, p.schema.schema, p.schema.pointer, where, '');
    }
  }
}

function diffBody(ctx: SchemaContext, out: EntityOut, o: OperationView, n: OperationView): void {
  const ob = o.body;
  const nb = n.body;
  if (!ob && !nb) return;
  if (!ob && nb) {
    push(out, fixed(nb.required ? 'request-body-added-required' : 'request-body-added-optional', 'added', nb.pointer, 'new', `${nb.required ? 'required' : 'optional'} request body added`));
    return;
  }
  if (ob && !nb) {
    push(out, fixed('request-body-removed', 'removed', ob.pointer, 'old', 'request body removed'));
    return;
  }
  if (!ob || !nb) return;
  if (ob.required !== nb.required) push(out, fixed(nb.required ? 'request-body-became-required' : 'request-body-became-optional', 'changed', nb.pointer, 'new', `request body became ${nb.required ? 'required' : 'optional'}`));
  if (ob.description !== nb.description) ctx.docEdit(nb.pointer);
  for (const [mt, s] of ob.content) if (!nb.content.has(mt)) push(out, fixed('request-body-media-type-removed', 'removed', s.pointer, 'old', `request media type \`${mt}\` removed`));
  for (const [mt, s] of nb.content) {
    const was = ob.content.get(mt);
    if (!was) {
      push(out, fixed('request-body-media-type-added', 'added', s.pointer, 'new', `request media type \`${mt}\` added`));
      continue;
    }
    diffSchema(ctx, was.schema, was.pointer, s.schema, s.pointer, { direction: 'request', root: 'body', label: 'request' }, '');
  }
}

function diffHeaders(ctx: SchemaContext, out: EntityOut, code: string, o: Map<string, HeaderView>, n: Map<string, HeaderView>): void {
  for (const [key, h] of o) {
    if (n.has(key)) continue;
    push(out, fixed(h.required ? 'required-response-header-removed' : 'optional-response-header-removed', 'removed', h.pointer, 'old', `response ${code} header \`${h.name}\` removed`));
  }
  for (const [key, h] of n) {
    const was = o.get(key);
    if (!was) {
      push(out, fixed('response-header-added', 'added', h.pointer, 'new', `response ${code} header \`${h.name}\` added`));
      continue;
    }
    if (was.required && !h.required) push(out, fixed('response-header-became-optional', 'changed', h.pointer, 'new', `response ${code} header \`${h.name}\` became optional`));
    if (was.schema && h.schema) diffSchema(ctx, was.schema.schema, was.schema.pointer, h.schema.schema, h.schema.pointer, { direction: 'response', root: 'header', label: `response ${code} header \`${h.name}\`` }, '');
  }
}

function diffResponses(ctx: SchemaContext, out: EntityOut, o: OperationView, n: OperationView): void {
  for (const [key, r] of o.responses) {
    if (n.responses.has(key)) continue;
    const check = HTTP_SUCCESS.test(key) ? 'response-success-status-removed' : 'response-non-success-status-removed';
    push(out, fixed(check, 'removed', r.pointer, 'old', `response ${r.code} removed`));
  }
  for (const [key, r] of n.responses) {
    const was = o.responses.get(key);
    if (!was) {
      push(out, fixed(HTTP_SUCCESS.test(key) ? 'response-success-status-added' : 'response-non-success-status-added', 'added', r.pointer, 'new', `response ${r.code} added`));
      continue;
    }
    if (was.description !== r.description) ctx.docEdit(r.pointer);
    for (const [mt, s] of was.content) if (!r.content.has(mt)) push(out, fixed('response-media-type-removed', 'removed', s.pointer, 'old', `response ${r.code} media type \`${mt}\` removed`));
    for (const [mt, s] of r.content) {
      const w = was.content.get(mt);
      if (!w) {
        push(out, fixed('response-media-type-added', 'added', s.pointer, 'new', `response ${r.code} media type \`${mt}\` added`));
        continue;
      }
      diffSchema(ctx, w.schema, w.pointer, s.schema, s.pointer, { direction: 'response', root: 'body', label: `response ${r.code}` }, '');
    }
    diffHeaders(ctx, out, r.code, was.headers, r.headers);
  }
}

function reqKey(req: Record<string, string[]>): string {
  return Object.keys(req).sort().join(' + ');
}

function diffSecurity(out: EntityOut, o: OperationView, n: OperationView): void {
  const oldReqs = new Map(o.security.map((r) => [reqKey(r), r]));
  const newReqs = new Map(n.security.map((r) => [reqKey(r), r]));
  const open = (m: Map<string, unknown>) => m.size === 0 || m.has('');
  if (open(oldReqs) && !open(newReqs)) {
    push(out, fixed('api-security-added', 'changed', n.pointer, 'new', `security required: ${[...newReqs.keys()].map((k) => `\`${k}\``).join(' or ')}`));
    return;
  }
  if (!open(oldReqs) && open(newReqs)) {
    push(out, fixed('api-security-all-removed', 'changed', n.pointer, 'new', 'no longer requires authentication'));
    return;
  }
  for (const k of oldReqs.keys()) if (!newReqs.has(k)) push(out, fixed('api-security-removed', 'changed', n.pointer, 'new', `security requirement \`${k}\` removed`));
  for (const [k, req] of newReqs) {
    const was = oldReqs.get(k);
    if (!was) {
      push(out, fixed('api-security-alternative-added', 'changed', n.pointer, 'new', `security requirement \`${k}\` added as an alternative`));
      continue;
    }
    for (const [scheme, scopes] of Object.entries(req)) {
      const before = new Set(was[scheme] ?? []);
      const added = scopes.filter((s) => !before.has(s));
      const removed = [...before].filter((s) => !scopes.includes(s));
      if (added.length > 0) push(out, fixed('api-security-scope-added', 'changed', n.pointer, 'new', `\`${scheme}\` scope ${added.map((s) => `\`${s}\``).join(', ')} required`));
      if (removed.length > 0) push(out, fixed('api-security-scope-removed', 'changed', n.pointer, 'new', `\`${scheme}\` scope ${removed.map((s) => `\`${s}\``).join(', ')} no longer required`));
    }
  }
}

function diffOperation(ctx: SchemaContext, out: EntityOut, o: OperationView, n: OperationView, globalsSame: boolean): void {
  if (globalsSame && o.path === n.path && sameTree(o.node, n.node, ctx.changed) && sameTree(o.pathParams, n.pathParams, ctx.changed)) return;
  if (!o.deprecated && n.deprecated) push(out, fixed('endpoint-deprecated', 'deprecated', n.pointer, 'new', 'operation deprecated'));
  if (o.deprecated && !n.deprecated) push(out, fixed('endpoint-reactivated', 'changed', n.pointer, 'new', 'operation no longer deprecated'));
  if (o.path !== n.path) push(out, fixed('documentation-changed', 'renamed', n.pointer, 'new', `path template changed from \`${o.path}\` to \`${n.path}\``));
  if (o.operationId !== n.operationId) {
    if (o.operationId === '') push(out, fixed('api-operation-id-added', 'changed', n.pointer, 'new', `operationId \`${n.operationId}\` added`));
    else push(out, fixed('api-operation-id-removed', n.operationId === '' ? 'changed' : 'renamed', n.pointer, 'new', n.operationId === '' ? `operationId \`${o.operationId}\` removed` : `operationId renamed from \`${o.operationId}\` to \`${n.operationId}\``));
  }
  for (const t of o.tags) if (!n.tags.includes(t)) push(out, fixed('api-tag-removed', 'changed', n.pointer, 'new', `tag ${code(t)} removed`));
  for (const t of n.tags) if (!o.tags.includes(t)) push(out, fixed('api-tag-added', 'changed', n.pointer, 'new', `tag ${code(t)} added`));
  if (o.docs !== n.docs) ctx.docEdit(n.pointer);
  diffSecurity(out, o, n);
  diffParams(ctx, out, o, n);
  diffBody(ctx, out, o, n);
  diffResponses(ctx, out, o, n);
}

/** Component schemas reachable from requests and from responses (decides a schema's direction). */
function usage(view: DocView): { request: Set<string>; response: Set<string> } {
  const walk = (roots: unknown[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length > 0) {
      const node = stack.pop();
      if (Array.isArray(node)) for (const v of node) stack.push(v);
      else if (isObj(node)) {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') {
            if (seen.has(v)) continue;
            seen.add(v);
            stack.push(resolve(view.root, node, '').node);
          } else stack.push(v);
        }
      }
    }
    return seen;
  };
  const req: unknown[] = [];
  const res: unknown[] = [];
  for (const op of view.operations.values()) {
    for (const p of op.params.values()) if (p.schema) req.push(p.schema.schema);
    if (op.body) for (const s of op.body.content.values()) req.push(s.schema);
    for (const r of op.responses.values()) {
      for (const s of r.content.values()) res.push(s.schema);
      for (const h of r.headers.values()) if (h.schema) res.push(h.schema.schema);
    }
  }
  const base = view.version === 2 ? '#/definitions/' : '#/components/schemas/';
  const names = (refs: Set<string>) => new Set([...refs].filter((r) => r.startsWith(base)).map((r) => decodeURIComponent(r.slice(base.length)).replace(/~1/g, '/').replace(/~0/g, '~')));
  return { request: names(walk(req)), response: names(walk(res)) };
}

const LEVEL_RANK: Record<Level, number> = { info: 0, warning: 1, error: 2 };

function diffSchemas(o: DocView, n: DocView, changed: Set<string>, clean: Set<string>): ApiChange[] {
  const result: ApiChange[] = [];
  // Who could a schema change break? Clients of the operations that used it before the change.
  let used: ReturnType<typeof usage> | null = null;
  const use = () => (used ??= usage(o));
  const base = n.version === 2 ? '#/definitions/' : '#/components/schemas/';
  const entity = (name: string): EntityOut => ({ entity: 'schema', key: name, changes: [], seen: new Set(), docEdits: [] });
  for (const [name, s] of o.schemas) {
    if (n.schemas.has(name)) continue;
    const out = entity(name);
    push(out, fixed('api-schema-removed', 'removed', s.pointer, 'old', `schema \`${name}\` removed`));
    result.push(...out.changes);
  }
  for (const [name, s] of n.schemas) {
    const was = o.schemas.get(name);
    if (!was) {
      const out = entity(name);
      push(out, fixed('api-schema-added', 'added', s.pointer, 'new', `schema \`${name}\` added`));
      result.push(...out.changes);
      continue;
    }
    const ref = `${base}${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!changed.has(ref) && sameTree(was.schema, s.schema, changed)) continue;
    const directions = (['request', 'response'] as const).filter((d) => use()[d].has(name));
    const used = directions.length > 0;
    const merged = new Map<string, ApiChange>();
    let docEdits: string[] = [];
    for (const direction of used ? directions : (['request'] as const)) {
      const out = entity(name);
      const ctx = schemaContext(o.root, n.root, changed, out, clean, (p) => p === s.pointer || p.startsWith(`${s.pointer}/`));
      // A schema nobody uses cannot break a client: its changes are recorded, all as info.
      if (!used) ctx.emit = (e) => push(out, e, 'info');
      diffSchema(ctx, was.schema, was.pointer, s.schema, s.pointer, { direction, root: 'body', label: '' }, '');
      docEdits = out.docEdits;
      for (const c of out.changes) {
        const k = `${c.pointer}\0${c.summary}`;
        const prev = merged.get(k);
        if (!prev || LEVEL_RANK[c.level] > LEVEL_RANK[prev.level]) merged.set(k, c);
      }
    }
    const out = entity(name);
    out.changes.push(...merged.values());
    out.docEdits = docEdits;
    result.push(...finish(out));
  }
  return result;
}

function globals(root: unknown): unknown {
  const r: Obj = isObj(root) ? root : {};
  return [r.security, r.consumes, r.produces];
}

/** Every change between two versions of an OpenAPI/Swagger document, sorted by entity then pointer. */
export function diffOpenApi(oldDoc: unknown, newDoc: unknown): ApiChange[] {
  const o = docView(oldDoc);
  const n = docView(newDoc);
  const changed = changedRefs(oldDoc, newDoc);
  const clean = new Set<string>();
  const globalsSame = sameTree(globals(oldDoc), globals(newDoc), changed);
  const result: ApiChange[] = [];
  const newPaths = new Set([...n.operations.values()].map((op) => matchKey('x', op.path)));
  for (const [key, op] of o.operations) {
    if (n.operations.has(key)) continue;
    const out: EntityOut = { entity: 'operation', key: `${op.method.toUpperCase()} ${op.path}`, changes: [], seen: new Set(), docEdits: [] };
    const pathGone = !newPaths.has(matchKey('x', op.path));
    const check = `api-${pathGone ? 'path-' : ''}removed-${op.deprecated ? 'with' : 'without'}-deprecation`;
    push(out, fixed(check, 'removed', op.pointer, 'old', op.deprecated ? 'deprecated operation removed' : 'operation removed'));
    result.push(...out.changes);
  }
  for (const [key, op] of n.operations) {
    const out: EntityOut = { entity: 'operation', key: `${op.method.toUpperCase()} ${op.path}`, changes: [], seen: new Set(), docEdits: [] };
    const was = o.operations.get(key);
    if (!was) push(out, fixed('endpoint-added', 'added', op.pointer, 'new', 'operation added'));
    else {
      const schemaBase = n.version === 2 ? '/definitions/' : '/components/schemas/';
      diffOperation(schemaContext(o.root, n.root, changed, out, clean, (p) => !p.startsWith(schemaBase)), out, was, op, globalsSame);
    }
    result.push(...finish(out));
  }
  result.push(...diffSchemas(o, n, changed, clean));
  for (const [name, ptr] of o.webhooks) if (!n.webhooks.has(name)) result.push(webhook(name, 'webhook-removed', 'removed', ptr, 'old'));
  for (const [name, ptr] of n.webhooks) if (!o.webhooks.has(name)) result.push(webhook(name, 'webhook-added', 'added', ptr, 'new'));
  return result.sort(byEntityThenPointer);
}

function webhook(name: string, check: string, change: 'added' | 'removed', pointer: string, side: 'new' | 'old'): ApiChange {
  const def: CheckDef = checkDef(check);
  return { key: name, entity: 'webhook', change, breaking: isBreaking(def.level), from: null, to: null, summary: `webhook \`${name}\` ${change}`, pointer, side, check, level: def.level, direction: 'none' };
}

const ENTITY_ORDER: Record<ApiChange['entity'], number> = { document: 0, operation: 1, webhook: 2, schema: 3 };

function byEntityThenPointer(a: ApiChange, b: ApiChange): number {
  return ENTITY_ORDER[a.entity] - ENTITY_ORDER[b.entity] || cmp(a.key, b.key) || cmp(a.pointer, b.pointer) || cmp(a.check, b.check) || cmp(a.summary, b.summary);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
