// One view of Swagger 2.0 and OpenAPI 3.0/3.1/3.2 operations, so the comparison is written once:
// parameters keyed by location and name (path-item parameters merged, header names folded),
// request bodies and responses as media type → schema (Swagger 2.0's body parameter and
// consumes/produces mapped onto that), effective security. Pointers stay those of the document.

import { getAt, isObj, pointerOf, resolve, type Obj } from './json.ts';

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query'] as const;

export interface SchemaAt {
  schema: unknown;
  pointer: string;
}

export interface ParamView {
  name: string;
  in: string;
  pointer: string;
  node: Obj;
  required: boolean;
  deprecated: boolean;
  /** The value schema (Swagger 2.0: the parameter itself, which carries type/format/enum). */
  schema: SchemaAt | null;
}

export interface BodyView {
  pointer: string;
  required: boolean;
  content: Map<string, SchemaAt>;
  description: string;
}

export interface HeaderView {
  name: string;
  pointer: string;
  required: boolean;
  schema: SchemaAt | null;
}

export interface ResponseView {
  code: string;
  pointer: string;
  content: Map<string, SchemaAt>;
  headers: Map<string, HeaderView>;
  description: string;
}

export interface OperationView {
  method: string;
  path: string;
  pointer: string;
  node: Obj;
  /** The path item's own parameters (compared with `node` to skip unchanged operations). */
  pathParams: unknown;
  params: Map<string, ParamView>;
  body: BodyView | null;
  responses: Map<string, ResponseView>;
  /** Effective requirements (operation's, else the document's); [] = none. */
  security: Record<string, string[]>[];
  deprecated: boolean;
  operationId: string;
  tags: string[];
  docs: string;
}

export interface DocView {
  root: unknown;
  version: 2 | 3;
  /** Keyed by `METHOD /path` with path parameter names blanked (`/pets/{}`): a renamed path parameter is the same operation. */
  operations: Map<string, OperationView>;
  /** Component (3.x) or definition (2.0) schemas by name. */
  schemas: Map<string, SchemaAt>;
  webhooks: Map<string, string>;
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function matchKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`;
}

function paramKey(p: { in: string; name: string }): string {
  return `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
}

function mediaTypes(root: Obj, op: Obj, field: 'consumes' | 'produces'): string[] {
  const own = op[field];
  const global = root[field];
  const list = Array.isArray(own) ? own : Array.isArray(global) ? global : ['application/json'];
  const types = list.filter((t): t is string => typeof t === 'string');
  return types.length > 0 ? types : ['application/json'];
}

function content(root: unknown, node: unknown, pointer: string): Map<string, SchemaAt> {
  const out = new Map<string, SchemaAt>();
  if (!isObj(node)) return out;
  for (const [mt, media] of Object.entries(node)) {
    const m = resolve(root, media, `${pointer}${pointerOf(mt)}`);
    if (!isObj(m.node)) continue;
    const schemaKey = m.node.schema !== undefined ? 'schema' : m.node.itemSchema !== undefined ? 'itemSchema' : null;
    out.set(mt.toLowerCase(), schemaKey ? { schema: m.node[schemaKey], pointer: `${m.pointer}${pointerOf(schemaKey)}` } : { schema: undefined, pointer: m.pointer });
  }
  return out;
}

function paramView(root: unknown, raw: unknown, pointer: string, version: 2 | 3): ParamView | null {
  const at = resolve(root, raw, pointer);
  const p = at.node;
  if (!isObj(p) || typeof p.name !== 'string' || typeof p.in !== 'string') return null;
  let schema: SchemaAt | null = null;
  if (version === 2 && p.in !== 'body') schema = { schema: p, pointer: at.pointer };
  else if (p.schema !== undefined) schema = { schema: p.schema, pointer: `${at.pointer}/schema` };
  else if (isObj(p.content)) {
    const first = content(root, p.content, `${at.pointer}/content`).values().next();
    if (!first.done) schema = first.value;
  }
  return { name: p.name, in: p.in, pointer: at.pointer, node: p, required: p.required === true || p.in === 'path', deprecated: p.deprecated === true, schema };
}

function headersOf(root: unknown, node: unknown, pointer: string, version: 2 | 3): Map<string, HeaderView> {
  const out = new Map<string, HeaderView>();
  if (!isObj(node)) return out;
  for (const [name, raw] of Object.entries(node)) {
    const at = resolve(root, raw, `${pointer}${pointerOf(name)}`);
    if (!isObj(at.node)) continue;
    const h = at.node;
    const schema = version === 2 ? { schema: h, pointer: at.pointer } : h.schema !== undefined ? { schema: h.schema, pointer: `${at.pointer}/schema` } : null;
    out.set(name.toLowerCase(), { name, pointer: at.pointer, required: h.required === true, schema });
  }
  return out;
}

function operationView(root: Obj, version: 2 | 3, path: string, pathItem: Obj, pathPtr: string, method: string, op: Obj, opPtr: string): OperationView {
  const params = new Map<string, ParamView>();
  let body: BodyView | null = null;
  const lists: [unknown, string][] = [
    [pathItem.parameters, `${pathPtr}/parameters`],
    [op.parameters, `${opPtr}/parameters`],
  ];
  for (const [list, ptr] of lists) {
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      const p = paramView(root, raw, `${ptr}/${i}`, version);
      if (!p) return;
      // OpenAPI 3.x: header parameters named Accept, Content-Type or Authorization "SHALL be
      // ignored" (content negotiation and security schemes say those).
      if (version === 3 && p.in === 'header' && /^(accept|content-type|authorization)$/i.test(p.name)) return;
      if (version === 2 && p.in === 'body') {
        const schema = { schema: p.node.schema, pointer: `${p.pointer}/schema` };
        body = { pointer: p.pointer, required: p.required, content: new Map(mediaTypes(root, op, 'consumes').map((mt) => [mt.toLowerCase(), schema])), description: str(p.node.description) };
        return;
      }
      // An operation parameter overrides the path item's one of the same location and name.
      params.set(paramKey(p), p);
    });
  }
  if (version === 3 && op.requestBody !== undefined) {
    const at = resolve(root, op.requestBody, `${opPtr}/requestBody`);
    if (isObj(at.node)) body = { pointer: at.pointer, required: at.node.required === true, content: content(root, at.node.content, `${at.pointer}/content`), description: str(at.node.description) };
  }
  const responses = new Map<string, ResponseView>();
  if (isObj(op.responses)) {
    for (const [code, raw] of Object.entries(op.responses)) {
      if (code.startsWith('x-')) continue;
      const at = resolve(root, raw, `${opPtr}/responses${pointerOf(code)}`);
      if (!isObj(at.node)) continue;
      const r = at.node;
      const c =
        version === 2
          ? new Map(r.schema !== undefined ? mediaTypes(root, op, 'produces').map((mt) => [mt.toLowerCase(), { schema: r.schema, pointer: `${at.pointer}/schema` }] as const) : [])
          : content(root, r.content, `${at.pointer}/content`);
      responses.set(code.toUpperCase(), { code, pointer: at.pointer, content: c, headers: headersOf(root, r.headers, `${at.pointer}/headers`, version), description: str(r.description) });
    }
  }
  const sec = Array.isArray(op.security) ? op.security : Array.isArray(root.security) ? root.security : [];
  const security = sec.filter(isObj).map((req) => Object.fromEntries(Object.entries(req).map(([k, v]) => [k, Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []])));
  return {
    method,
    path,
    pointer: opPtr,
    node: op,
    pathParams: pathItem.parameters,
    params,
    body,
    responses,
    security,
    deprecated: op.deprecated === true,
    operationId: str(op.operationId),
    tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [],
    docs: `${str(op.summary)}\n${str(op.description)}`,
  };
}

/** Reads the operations and schemas of a (parsed, JSON-like) OpenAPI or Swagger document. */
export function docView(root: unknown): DocView {
  const r: Obj = isObj(root) ? root : {};
  const version: 2 | 3 = typeof r.swagger === 'string' && r.swagger.startsWith('2') ? 2 : 3;
  const operations = new Map<string, OperationView>();
  if (isObj(r.paths)) {
    for (const [path, raw] of Object.entries(r.paths)) {
      if (!path.startsWith('/')) continue;
      const item = resolve(r, raw, pointerOf('paths', path));
      if (!isObj(item.node)) continue;
      const pathItem = item.node;
      const ops: [string, unknown, string][] = METHODS.filter((m) => pathItem[m] !== undefined).map((m) => [m, pathItem[m], `${item.pointer}${pointerOf(m)}`]);
      // OpenAPI 3.2: other methods live under additionalOperations.
      if (isObj(pathItem.additionalOperations)) {
        for (const [m, o] of Object.entries(pathItem.additionalOperations)) ops.push([m.toLowerCase(), o, `${item.pointer}/additionalOperations${pointerOf(m)}`]);
      }
      for (const [method, node, ptr] of ops) {
        const op = resolve(r, node, ptr);
        if (!isObj(op.node)) continue;
        operations.set(matchKey(method, path), operationView(r, version, path, pathItem, item.pointer, method, op.node, op.pointer));
      }
    }
  }
  const schemas = new Map<string, SchemaAt>();
  const base = version === 2 ? '/definitions' : '/components/schemas';
  const defs = getAt(r, base);
  if (isObj(defs)) for (const [name, schema] of Object.entries(defs)) schemas.set(name, { schema, pointer: `${base}${pointerOf(name)}` });
  const webhooks = new Map<string, string>();
  if (isObj(r.webhooks)) for (const name of Object.keys(r.webhooks)) webhooks.set(name, pointerOf('webhooks', name));
  return { root: r, version, operations, schemas, webhooks };
}
