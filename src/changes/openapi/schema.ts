// Compares two JSON Schemas (OpenAPI 2.0/3.0/3.1 dialects) in one direction: a request schema
// breaks clients when it narrows, a response schema when it widens (checks.ts has the table).
// allOf members are merged (properties and required lists), as oasdiff's docs recommend; oneOf
// and anyOf branches are matched by `$ref`, else by position. Refs are followed lazily with a
// cycle guard, and a pair already found unchanged is not walked again.

import type { ChangeKind } from '../types.ts';
import { checkDef, schemaCheck, type CheckDef, type Scope } from './checks.ts';
import { isObj, pointerOf, refOf, resolve, sameTree, type Obj } from './json.ts';

export interface Emission {
  check: string;
  def: CheckDef;
  change: ChangeKind;
  pointer: string;
  side: 'new' | 'old';
  summary: string;
}

export interface SchemaContext {
  oldRoot: unknown;
  newRoot: unknown;
  changed: Set<string>;
  emit(e: Emission): void;
  /** A description or title differs at this pointer (reported once per entity, not per field). */
  docEdit(pointer: string): void;
  /** Pairs being walked (cycle guard) and pairs known to hold no change. */
  inProgress: Set<string>;
  clean: Set<string>;
  cycleHits: number;
}

export interface Where {
  direction: 'request' | 'response';
  /** What the schema is of: a body, a parameter or a header (decides the check ids). */
  root: 'body' | 'parameter' | 'header';
  /** Subject for summaries: `request`, `response 200`, ``query parameter `limit` ``. */
  label: string;
}

const MAX_DEPTH = 48;
const MAX_VALUES = 5;

export function code(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  const short = s.length > 60 ? `${s.slice(0, 59)}…` : s;
  return `\`${short.replace(/`/g, "'")}\``;
}

function typeSet(s: Obj): Set<string> | null {
  const t = s.type;
  if (typeof t === 'string') return new Set([t].filter((x) => x !== 'null'));
  if (Array.isArray(t)) return new Set(t.filter((x): x is string => typeof x === 'string' && x !== 'null'));
  return null;
}

function nullable(s: Obj): boolean {
  return s.nullable === true || s['x-nullable'] === true || (Array.isArray(s.type) && s.type.includes('null')) || s.type === 'null';
}

const covers = (set: Set<string>, t: string) => set.has(t) || (t === 'integer' && set.has('number'));

function showType(types: Set<string> | null, format: unknown): string {
  const t = types === null ? 'any' : [...types].sort().join('|') || 'any';
  return typeof format === 'string' && format !== '' ? `${t} (${format})` : t;
}

const WIDER_FORMAT: Record<string, string> = { int32: 'int64', float: 'double' };

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Conjunctions built by `flatten` (not document nodes: their pointer is that of the last member). */
const MERGED = new WeakSet<Obj>();

interface Flat {
  node: Obj;
  pointer: string;
  properties: Map<string, { schema: unknown; pointer: string }>;
  required: Set<string>;
}

/** The schema with its allOf members merged in (bounded; refs followed). */
function flatten(root: unknown, node: Obj, pointer: string, depth = 0): Flat {
  const flat: Flat = { node, pointer, properties: new Map(), required: new Set() };
  const add = (n: Obj, p: string, d: number): void => {
    if (isObj(n.properties)) {
      for (const [name, schema] of Object.entries(n.properties)) {
        const pointer = `${p}/properties${pointerOf(name)}`;
        const seen = flat.properties.get(name);
        if (!seen) flat.properties.set(name, { schema, pointer });
        else {
          // The same property in several allOf members must satisfy all of them (e.g. a base
          // `type: string` and a specialised enum): compare their conjunction.
          const all = MERGED.has(seen.schema as Obj) ? [...((seen.schema as Obj).allOf as unknown[]), schema] : [seen.schema, schema];
          const merged: Obj = { allOf: all };
          MERGED.add(merged);
          flat.properties.set(name, { schema: merged, pointer });
        }
      }
    }
    if (Array.isArray(n.required)) for (const r of n.required) if (typeof r === 'string') flat.required.add(r);
    if (Array.isArray(n.allOf) && d < 8) {
      n.allOf.forEach((m, i) => {
        const at = resolve(root, m, `${p}/allOf/${i}`);
        if (isObj(at.node)) add(at.node, at.pointer, d + 1);
      });
    }
  };
  add(node, pointer, depth);
  return flat;
}

/** The merged view's keyword: the schema's own, else the first allOf member's that has it. */
function kw(root: unknown, s: Obj, key: string, depth = 0): unknown {
  if (s[key] !== undefined) return s[key];
  if (!Array.isArray(s.allOf) || depth > 8) return undefined;
  for (const m of s.allOf) {
    const at = resolve(root, m, '');
    if (isObj(at.node)) {
      const v = kw(root, at.node, key, depth + 1);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

export function diffSchema(ctx: SchemaContext, oldRaw: unknown, oldPtr: string, newRaw: unknown, newPtr: string, where: Where, path: string, depth = 0): void {
  if (depth > MAX_DEPTH) return;
  const oRef = refOf(oldRaw);
  const nRef = refOf(newRaw);
  if (oRef !== null && oRef === nRef && !ctx.changed.has(oRef)) return;
  if (oRef === null && nRef === null && sameTree(oldRaw, newRaw, ctx.changed)) return;
  const o = resolve(ctx.oldRoot, oldRaw, oldPtr);
  const n = resolve(ctx.newRoot, newRaw, newPtr);
  if (!isObj(o.node) || !isObj(n.node)) {
    // OpenAPI 3.1 boolean schemas: `true` accepts anything, `false` nothing.
    if (o.node !== n.node && (typeof o.node === 'boolean' || typeof n.node === 'boolean')) {
      const widened = o.node === false || n.node === true;
      emit(ctx, where, path, widened ? 'type-generalized' : 'type-specialized', 'changed', n.pointer, 'new', `schema changed from ${code(o.node)} to ${code(n.node)}`);
    }
    return;
  }
  const key = `${o.pointer}${MERGED.has(o.node) ? '&' : ''}|${n.pointer}${MERGED.has(n.node) ? '&' : ''}|${where.direction}|${where.root}|${path === '' ? 'r' : 'p'}`;
  if (ctx.clean.has(key) || ctx.inProgress.has(key)) {
    if (ctx.inProgress.has(key)) ctx.cycleHits++;
    return;
  }
  ctx.inProgress.add(key);
  const hitsBefore = ctx.cycleHits;
  // Anything reported below (changes or documentation edits) means the pair is not clean.
  let emitted = 0;
  const [emitBefore, docBefore] = [ctx.emit, ctx.docEdit];
  ctx.emit = (e) => {
    emitted++;
    emitBefore(e);
  };
  ctx.docEdit = (p) => {
    emitted++;
    docBefore(p);
  };
  try {
    compare(ctx, o.node, o.pointer, n.node, n.pointer, where, path, depth);
  } finally {
    ctx.emit = emitBefore;
    ctx.docEdit = docBefore;
    ctx.inProgress.delete(key);
  }
  if (emitted === 0 && ctx.cycleHits === hitsBefore) ctx.clean.add(key);
}

/** `response 200 property \`id\``, `request body`, or for a component schema (label '') `property \`id\`` / `schema`. */
function subject(where: Where, path: string): string {
  if (path !== '') return `${lead(where)}property \`${path}\``;
  if (where.label === '') return 'schema';
  return where.root === 'body' ? `${where.label} body` : where.label;
}

function lead(where: Where): string {
  return where.label === '' ? '' : `${where.label} `;
}

function scopeOf(where: Where, path: string): Scope {
  if (where.root === 'body') return path === '' ? 'body' : 'property';
  return where.root;
}

function emit(ctx: SchemaContext, where: Where, path: string, what: string, change: Emission['change'], pointer: string, side: 'new' | 'old', text: string): void {
  const { id, def } = schemaCheck(where.direction, scopeOf(where, path), what);
  ctx.emit({ check: id, def, change, pointer, side, summary: `${subject(where, path)} ${text}` });
}

function compare(ctx: SchemaContext, o: Obj, op: string, n: Obj, np: string, where: Where, path: string, depth: number): void {
  const oldRoot = ctx.oldRoot;
  const newRoot = ctx.newRoot;
  // Types (nullability apart).
  const ot = typeSet(o) ?? (kw(oldRoot, o, 'type') !== undefined ? typeSet({ type: kw(oldRoot, o, 'type') }) : null);
  const nt = typeSet(n) ?? (kw(newRoot, n, 'type') !== undefined ? typeSet({ type: kw(newRoot, n, 'type') }) : null);
  const of = kw(oldRoot, o, 'format');
  const nf = kw(newRoot, n, 'format');
  const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((t) => b.has(t));
  if (ot !== null || nt !== null) {
    const from = showType(ot, of);
    const to = showType(nt, nf);
    if (ot === null || nt === null) {
      const widened = nt === null;
      emit(ctx, where, path, widened ? 'type-generalized' : 'type-specialized', 'changed', np, 'new', `type ${widened ? 'widened' : 'narrowed'} from ${from} to ${to}`);
    } else if (!sameSet(ot, nt)) {
      const widened = [...ot].every((t) => covers(nt, t));
      const narrowed = [...nt].every((t) => covers(ot, t));
      if (widened && !narrowed) emit(ctx, where, path, 'type-generalized', 'changed', np, 'new', `type widened from ${from} to ${to}`);
      else if (narrowed && !widened) emit(ctx, where, path, 'type-specialized', 'changed', np, 'new', `type narrowed from ${from} to ${to}`);
      else if (!widened && !narrowed) emit(ctx, where, path, 'type-changed', 'changed', np, 'new', `type changed from ${from} to ${to}`);
    } else if (of !== nf) {
      const fo = typeof of === 'string' ? of : '';
      const fn = typeof nf === 'string' ? nf : '';
      const what = fo === '' ? 'type-specialized' : fn === '' || WIDER_FORMAT[fo] === fn ? 'type-generalized' : WIDER_FORMAT[fn] === fo ? 'type-specialized' : 'type-changed';
      const verb = what === 'type-generalized' ? 'widened' : what === 'type-specialized' ? 'narrowed' : 'changed';
      emit(ctx, where, path, what, 'changed', np, 'new', `format ${verb} from ${from} to ${to}`);
    }
  }
  // Nullability.
  const on = nullable(o);
  const nn = nullable(n);
  if (on !== nn) emit(ctx, where, path, nn ? 'became-nullable' : 'became-not-nullable', 'changed', np, 'new', nn ? 'became nullable' : 'became not nullable');
  // Enums.
  const oe = kw(oldRoot, o, 'enum');
  const ne = kw(newRoot, n, 'enum');
  if (Array.isArray(oe) || Array.isArray(ne)) {
    if (!Array.isArray(oe)) emit(ctx, where, path, 'became-enum', 'changed', np, 'new', `restricted to the values ${list(ne as unknown[])}`);
    // A whole enum dropped widens like an added value: fine in requests, a surprise in responses.
    else if (!Array.isArray(ne)) emit(ctx, where, path, 'enum-value-added', 'changed', np, 'new', 'no longer restricted to a list of values');
    else {
      const os = new Set(oe.map((v) => JSON.stringify(v)));
      const ns = new Set(ne.map((v) => JSON.stringify(v)));
      const removed = oe.filter((v) => !ns.has(JSON.stringify(v)));
      const added = ne.filter((v) => !os.has(JSON.stringify(v)));
      if (removed.length > 0) emit(ctx, where, path, 'enum-value-removed', 'changed', np, 'new', `enum ${removed.length === 1 ? 'value' : 'values'} ${list(removed)} removed`);
      if (added.length > 0) emit(ctx, where, path, 'enum-value-added', 'changed', np, 'new', `enum ${added.length === 1 ? 'value' : 'values'} ${list(added)} added`);
    }
  }
  // Bounds.
  bound(ctx, where, path, np, 'maxLength', 'max-length', kw(oldRoot, o, 'maxLength'), kw(newRoot, n, 'maxLength'), 'upper');
  bound(ctx, where, path, np, 'minLength', 'min-length', kw(oldRoot, o, 'minLength'), kw(newRoot, n, 'minLength'), 'lower');
  bound(ctx, where, path, np, 'maximum', 'max', kw(oldRoot, o, 'maximum'), kw(newRoot, n, 'maximum'), 'upper');
  bound(ctx, where, path, np, 'minimum', 'min', kw(oldRoot, o, 'minimum'), kw(newRoot, n, 'minimum'), 'lower');
  bound(ctx, where, path, np, 'exclusiveMaximum', 'max', numberOrNull(kw(oldRoot, o, 'exclusiveMaximum')), numberOrNull(kw(newRoot, n, 'exclusiveMaximum')), 'upper');
  bound(ctx, where, path, np, 'exclusiveMinimum', 'min', numberOrNull(kw(oldRoot, o, 'exclusiveMinimum')), numberOrNull(kw(newRoot, n, 'exclusiveMinimum')), 'lower');
  bound(ctx, where, path, np, 'maxItems', 'max-items', kw(oldRoot, o, 'maxItems'), kw(newRoot, n, 'maxItems'), 'upper');
  bound(ctx, where, path, np, 'minItems', 'min-items', kw(oldRoot, o, 'minItems'), kw(newRoot, n, 'minItems'), 'lower');
  const opat = kw(oldRoot, o, 'pattern');
  const npat = kw(newRoot, n, 'pattern');
  if (opat !== npat) {
    if (typeof opat !== 'string') emit(ctx, where, path, 'pattern-added', 'changed', np, 'new', `pattern ${code(npat)} added`);
    else if (typeof npat !== 'string') emit(ctx, where, path, 'pattern-removed', 'changed', op, 'old', `pattern ${code(opat)} removed`);
    else emit(ctx, where, path, 'pattern-changed', 'changed', np, 'new', `pattern changed from ${code(opat)} to ${code(npat)}`);
  }
  // Defaults, deprecation, documentation.
  const od = o.default;
  const nd = n.default;
  if (JSON.stringify(od) !== JSON.stringify(nd)) {
    if (od === undefined) emit(ctx, where, path, 'default-value-added', 'changed', np, 'new', `default ${code(nd)} added`);
    else if (nd === undefined) emit(ctx, where, path, 'default-value-removed', 'changed', op, 'old', `default ${code(od)} removed`);
    else emit(ctx, where, path, 'default-value-changed', 'changed', np, 'new', `default changed from ${code(od)} to ${code(nd)}`);
  }
  if (path !== '' && o.deprecated !== true && n.deprecated === true) emit(ctx, where, path, 'deprecated', 'deprecated', np, 'new', 'deprecated');
  if (path !== '' && o.deprecated === true && n.deprecated !== true) emit(ctx, where, path, 'reactivated', 'changed', np, 'new', 'no longer deprecated');
  if (o.description !== n.description || o.title !== n.title) ctx.docEdit(np);
  // Properties (allOf merged).
  const fo = flatten(oldRoot, o, op);
  const fn = flatten(newRoot, n, np);
  const readOnly = (s: unknown, root: unknown) => isObj(resolve(root, s, '').node) && (resolve(root, s, '').node as Obj).readOnly === true;
  const writeOnly = (s: unknown, root: unknown) => isObj(resolve(root, s, '').node) && (resolve(root, s, '').node as Obj).writeOnly === true;
  const request = where.direction === 'request';
  for (const [name, prop] of fo.properties) {
    if (fn.properties.has(name)) continue;
    const p = join(path, name);
    const required = fo.required.has(name);
    const check = request ? 'request-property-removed' : required && !writeOnly(prop.schema, oldRoot) ? 'response-required-property-removed' : 'response-optional-property-removed';
    emitFixed(ctx, check, 'removed', prop.pointer, 'old', `${lead(where)}${required ? 'required ' : ''}property \`${p}\` removed`);
  }
  for (const [name, prop] of fn.properties) {
    const p = join(path, name);
    const was = fo.properties.get(name);
    const required = fn.required.has(name);
    if (!was) {
      const check = request ? (required && !readOnly(prop.schema, newRoot) ? 'new-required-request-property' : 'new-optional-request-property') : required ? 'response-required-property-added' : 'response-optional-property-added';
      emitFixed(ctx, check, 'added', prop.pointer, 'new', `${lead(where)}${required ? 'required' : 'optional'} property \`${p}\` added`);
      continue;
    }
    const wasRequired = fo.required.has(name);
    if (wasRequired !== required) {
      if (request) {
        const check = required ? (readOnly(prop.schema, newRoot) ? 'request-property-became-optional' : 'request-property-became-required') : 'request-property-became-optional';
        emitFixed(ctx, check, 'changed', prop.pointer, 'new', `${lead(where)}property \`${p}\` became ${required ? 'required' : 'optional'}`);
      } else {
        const check = required || writeOnly(prop.schema, newRoot) ? 'response-property-became-required' : 'response-property-became-optional';
        emitFixed(ctx, check, 'changed', prop.pointer, 'new', `${lead(where)}property \`${p}\` became ${required ? 'required' : 'optional'}`);
      }
    }
    diffSchema(ctx, was.schema, was.pointer, prop.schema, prop.pointer, where, p, depth + 1);
  }
  // Array items, maps.
  const oi = kw(oldRoot, o, 'items');
  const ni = kw(newRoot, n, 'items');
  if (oi !== undefined && ni !== undefined && !Array.isArray(oi) && !Array.isArray(ni)) diffSchema(ctx, oi, `${op}/items`, ni, `${np}/items`, where, `${path}[]`, depth + 1);
  const oa = o.additionalProperties;
  const na = n.additionalProperties;
  if (isObj(oa) && isObj(na)) diffSchema(ctx, oa, `${op}/additionalProperties`, na, `${np}/additionalProperties`, where, join(path, '*'), depth + 1);
  // Alternatives.
  for (const [keyword, what] of [
    ['oneOf', 'one-of'],
    ['anyOf', 'any-of'],
  ] as const) {
    branches(ctx, o[keyword], `${op}/${keyword}`, n[keyword], `${np}/${keyword}`, where, path, what, depth);
  }
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function list(values: unknown[]): string {
  const shown = values.slice(0, MAX_VALUES).map(code).join(', ');
  return values.length > MAX_VALUES ? `${shown} and ${values.length - MAX_VALUES} more` : shown;
}

function emitFixed(ctx: SchemaContext, check: string, change: Emission['change'], pointer: string, side: 'new' | 'old', summary: string): void {
  ctx.emit({ check, def: checkDef(check), change, pointer, side, summary });
}

function bound(ctx: SchemaContext, where: Where, path: string, np: string, keyword: string, what: string, ov: unknown, nv: unknown, side: 'upper' | 'lower'): void {
  const o = numberOrNull(ov);
  const n = numberOrNull(nv);
  if (o === n) return;
  if (o === null) emit(ctx, where, path, `${what}-set`, 'changed', np, 'new', `${keyword} set to ${n}`);
  else if (n === null) emit(ctx, where, path, `${what}-unset`, 'changed', np, 'new', `${keyword} ${o} removed`);
  else {
    const up = n > o;
    const suffix = up ? 'increased' : 'decreased';
    emit(ctx, where, path, `${what}-${suffix}`, 'changed', np, 'new', `${keyword} ${suffix} from ${o} to ${n}`);
  }
  void side;
}

function branches(ctx: SchemaContext, ol: unknown, op: string, nl: unknown, np: string, where: Where, path: string, what: 'one-of' | 'any-of', depth: number): void {
  const oldList = Array.isArray(ol) ? ol : [];
  const newList = Array.isArray(nl) ? nl : [];
  if (oldList.length === 0 && newList.length === 0) return;
  const label = (s: unknown, i: number) => {
    const r = refOf(s);
    return r !== null ? `\`${r.slice(r.lastIndexOf('/') + 1)}\`` : `#${i + 1}`;
  };
  const byRef = (list: unknown[]) => new Map(list.flatMap((s, i) => (refOf(s) !== null ? [[refOf(s)!, i] as const] : [])));
  const oRefs = byRef(oldList);
  const nRefs = byRef(newList);
  const matchedNew = new Set<number>();
  oldList.forEach((s, i) => {
    const r = refOf(s);
    let j: number | undefined = r !== null ? nRefs.get(r) : undefined;
    if (j === undefined && r === null && i < newList.length && refOf(newList[i]) === null) j = i;
    if (j === undefined) {
      // When both lists are empty of the other side a whole keyword appeared/disappeared.
      emit(ctx, where, path, `${what}-removed`, 'changed', `${op}/${i}`, 'old', `${what === 'one-of' ? 'oneOf' : 'anyOf'} alternative ${label(s, i)} removed`);
      return;
    }
    matchedNew.add(j);
    diffSchema(ctx, s, `${op}/${i}`, newList[j], `${np}/${j}`, where, path, depth + 1);
  });
  newList.forEach((s, j) => {
    if (matchedNew.has(j)) return;
    if (refOf(s) !== null && oRefs.has(refOf(s)!)) return;
    emit(ctx, where, path, `${what}-added`, 'changed', `${np}/${j}`, 'new', `${what === 'one-of' ? 'oneOf' : 'anyOf'} alternative ${label(s, j)} added`);
  });
}
