// JSON pointers, local `$ref`s and "is this subtree unchanged?" for two versions of one spec.
// Refs are followed lazily, so cyclic schemas need no inlining. External refs (another file) are
// the caller's to bundle first; here they stay opaque and compare by their text.

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerOf(...tokens: (string | number)[]): string {
  return tokens.map((t) => `/${escapeToken(String(t))}`).join('');
}

/** The node at `pointer` (RFC 6901, '' = root), or undefined. */
export function getAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObj(node) && Object.hasOwn(node, token)) node = node[token];
    else return undefined;
  }
  return node;
}

/** `#/components/schemas/Pet` → `/components/schemas/Pet`; null for refs into other files. */
export function localPointer(ref: string): string | null {
  if (!ref.startsWith('#')) return null;
  try {
    return decodeURIComponent(ref.slice(1));
  } catch {
    return ref.slice(1);
  }
}

export function refOf(node: unknown): string | null {
  return isObj(node) && typeof node.$ref === 'string' ? node.$ref : null;
}

export interface Located {
  node: unknown;
  /** Where `node` lives in its document. */
  pointer: string;
  /** The last local ref followed to reach it, or null. */
  ref: string | null;
}

/** Follows local `$ref` chains (bounded); an unresolvable ref is returned as it is. */
export function resolve(root: unknown, node: unknown, pointer: string): Located {
  let at: Located = { node, pointer, ref: null };
  for (let hops = 0; hops < 32; hops++) {
    const ref = refOf(at.node);
    if (ref === null) return at;
    const target = localPointer(ref);
    if (target === null) return at;
    const next = getAt(root, target);
    if (next === undefined) return at;
    at = { node: next, pointer: target, ref };
  }
  return at;
}

function collectRefs(node: unknown, into: Set<string>): void {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (Array.isArray(n)) for (const v of n) stack.push(v);
    else if (isObj(n)) {
      for (const [k, v] of Object.entries(n)) {
        if (k === '$ref' && typeof v === 'string') into.add(v);
        else stack.push(v);
      }
    }
  }
}

/** Structural equality of two JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a as Obj);
  const kb = Object.keys(b as Obj);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b as Obj, k) || !deepEqual((a as Obj)[k], (b as Obj)[k])) return false;
  }
  return true;
}

/**
 * The local refs whose meaning differs between the two documents: the target's own text differs,
 * or it refers (transitively, through either version) to one that does. One pass over each
 * document plus one comparison per ref target; after that "same ref, unchanged" is O(1).
 */
export function changedRefs(oldRoot: unknown, newRoot: unknown): Set<string> {
  const all = new Set<string>();
  collectRefs(oldRoot, all);
  collectRefs(newRoot, all);
  const changed = new Set<string>();
  const usedBy = new Map<string, string[]>();
  for (const ref of all) {
    const ptr = localPointer(ref);
    if (ptr === null) continue;
    const o = getAt(oldRoot, ptr);
    const n = getAt(newRoot, ptr);
    if (!deepEqual(o, n)) changed.add(ref);
    const inner = new Set<string>();
    collectRefs(o, inner);
    collectRefs(n, inner);
    for (const r of inner) {
      const list = usedBy.get(r);
      if (list) list.push(ref);
      else usedBy.set(r, [ref]);
    }
  }
  const queue = [...changed];
  while (queue.length > 0) {
    const r = queue.pop()!;
    for (const user of usedBy.get(r) ?? []) {
      if (changed.has(user)) continue;
      changed.add(user);
      queue.push(user);
    }
  }
  return changed;
}

/** Same text and no changed ref inside: nothing under this node can differ. */
export function sameTree(a: unknown, b: unknown, changed: Set<string>): boolean {
  if (a === b && (typeof a !== 'object' || a === null)) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameTree(a[i], b[i], changed)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const oa = a as Obj;
  const ob = b as Obj;
  const ka = Object.keys(oa);
  if (ka.length !== Object.keys(ob).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(ob, k)) return false;
    if (k === '$ref' && typeof oa[k] === 'string') {
      if (oa[k] !== ob[k] || changed.has(oa[k] as string)) return false;
    } else if (!sameTree(oa[k], ob[k], changed)) return false;
  }
  return true;
}
