// Resolves a spec's `$ref`s wherever they stand, as the bundlers its authors use do (Redocly's
// `bundle`, swagger-parser): path items, operations, parameter lists and parameters, request
// bodies, responses, headers, callbacks, webhooks, links, examples, descriptions, extensions, and
// refs inside referenced files (relative to the file that holds them). The result is one plain
// document in the shape `redocly bundle` gives:
// - a ref in a schema position to one of the spec's named schemas stays a ref to it
//   (`#/components/schemas/Name`, 2.0 `#/definitions/Name`), so recursive schemas stay finite;
// - a ref in a schema position to another file is moved into the named schemas under the name
//   Redocly would give it (the pointer's last segment, else the file's stem) and referenced there;
// - every other ref is replaced by a copy of what it points to.
// Files are read only through `RepoFiles` (never the file system or the network); refs that leave
// the repository, cycles outside schemas, depth and size are refused or bounded with a located
// diagnostic, and the ref is then kept as written. A source map says where every node is written.

import { shortHash } from '../../model/ids.ts';
import type { CodeOf } from '../../model/codes.ts';
import type { Diagnostics } from '../../model/diagnostics.ts';
import { childKind, itemKind, type Kind } from './kinds.ts';
import type { PathSegment } from './parse.ts';
import { segmentsToPointer, type NodeLocation, type SpecFiles } from './refs.ts';
import type { SourceMap, SourceMapEntry } from './source-map.ts';
import { detectVersion, type SpecVersion } from './validate.ts';

type Obj = Record<string, unknown>;

/** Nodes a resolved document may hold (copies included). */
const MAX_NODES = 3_000_000;
/** `$ref`s replaced by copies of their targets. */
const MAX_INLINED = 100_000;
/** Refs being expanded inside one another at once (a chain a → b → c counts 3). */
const MAX_REF_DEPTH = 64;
/** Nesting of one value; deeper parts are kept as written, unresolved. */
const MAX_VALUE_DEPTH = 400;

/** Where a node that replaced a `$ref` is written, and the refs that led there (outermost first). */
export interface Boundary {
  origin: NodeLocation;
  refs: NodeLocation[];
}

/** What the extractor needs of a resolution; `resolveSpec` gives the plain-data part of it. */
export interface Resolution {
  root: string;
  version: SpecVersion;
  document: Obj;
  sourceMap: SourceMap;
  /** Nodes that replaced a `$ref` (object identity; plain data has no room for it). */
  boundaries: WeakMap<object, Boundary>;
  /** `['components', 'schemas']` or (2.0) `['definitions']`. */
  schemaContainer: string[];
  /** Named schemas in document order: the spec's own, then the ones moved in from other files. */
  schemaNames: string[];
  /** Names given to schemas moved in from other files. */
  movedSchemas: Set<string>;
}

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const isRefObj = (v: unknown): v is Obj & { $ref: string } => isObj(v) && typeof v.$ref === 'string';
const keyOf = (loc: NodeLocation): string => `${loc.file}#${segmentsToPointer(loc.segments)}`;

/**
 * A path built one key at a time while walking: O(1) per node, its segments materialised (and
 * kept) only when asked, which is rare (refs, boundaries, diagnostics). Copying arrays per node
 * made resolving a 2.6 MB single-file spec cost seconds.
 */
class Path {
  private cached: PathSegment[] | null;
  private readonly parent: Path | null;
  private readonly key: PathSegment;

  constructor(parent: Path | null, key: PathSegment, cached: PathSegment[] | null = null) {
    this.parent = parent;
    this.key = key;
    this.cached = cached;
  }

  static of(segments: readonly PathSegment[]): Path {
    return new Path(null, '', [...segments]);
  }

  child(key: PathSegment): Path {
    return new Path(this, key);
  }

  get segments(): PathSegment[] {
    this.cached ??= [...this.parent!.segments, this.key];
    return this.cached;
  }
}

/** A NodeLocation whose segments are a lazy Path. */
class Loc implements NodeLocation {
  readonly file: string;
  readonly path: Path;

  constructor(file: string, path: Path) {
    this.file = file;
    this.path = path;
  }

  get segments(): PathSegment[] {
    return this.path.segments;
  }
}

const at = (loc: NodeLocation, ...more: PathSegment[]): NodeLocation => {
  let path = loc instanceof Loc ? loc.path : Path.of(loc.segments);
  for (const k of more) path = path.child(k);
  return new Loc(loc.file, path);
};

/** Where in the resolved document a node goes. */
type Out = Path;
const outRoot = (): Out => Path.of([]);

/** Own-property assignment that a key named `__proto__` cannot turn into a prototype change. */
function put(target: Obj, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A `#/…` pointer fragment for a ref, percent-encoded where URI fragments need it. */
export function refFragment(segments: readonly string[]): string {
  return `#${segments.map((s) => `/${encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1')).replace(/%7E/gi, '~')}`).join('')}`;
}

/** Name Redocly gives a schema it moves into the named schemas: the pointer's last segment, else the file's stem. */
function movedName(loc: NodeLocation): string {
  const last = loc.segments.length > 0 ? String(loc.segments[loc.segments.length - 1]) : (loc.file.split('/').pop() ?? '').replace(/\.(ya?ml|json)$/i, '');
  const clean = last.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '');
  return clean === '' ? 'schema' : clean.slice(0, 100);
}

interface Moved {
  key: string;
  loc: NodeLocation;
  value: unknown;
  base: string;
  /** Ref objects that point at it; their `$ref` is written once names are final. */
  sites: Obj[];
  resolved?: unknown;
}

const PENDING = '\u0000moved';

/** Object types with a `description` / `summary` field a Reference Object may override. */
const DESCRIBED = new Set<Kind>(['pathItem', 'operation', 'parameter', 'requestBody', 'response', 'header', 'example', 'link']);
const SUMMARIZED = new Set<Kind>(['pathItem', 'operation', 'example']);

class Resolver {
  readonly boundaries = new WeakMap<object, Boundary>();
  readonly map = new Map<string, SourceMapEntry>();
  private readonly named = new Map<string, string>();
  private readonly declared = new Set<string>();
  private readonly moved = new Map<string, Moved>();
  private readonly movedQueue: Moved[] = [];
  /** Discriminator mapping values to rewrite once moved schemas have their names. */
  private readonly mappings: { mapping: Obj; key: string; link: Obj & { $ref: string } }[] = [];
  /** Hops of pure-ref chains already followed to a moved schema. */
  private readonly movedAlias = new Map<string, string>();
  private readonly stack: string[] = [];
  private nodes = 0;
  private inlined = 0;
  private reportedBudget = false;
  private readonly reported = new Set<string>();
  readonly schemaContainer: string[];

  private readonly spec: SpecFiles;
  readonly version: SpecVersion;
  private readonly diagnostics: Diagnostics;

  constructor(spec: SpecFiles, version: SpecVersion, diagnostics: Diagnostics) {
    this.spec = spec;
    this.version = version;
    this.diagnostics = diagnostics;
    this.schemaContainer = version === '2.0' ? ['definitions'] : ['components', 'schemas'];
  }

  run(rootValue: Obj): { document: Obj; schemaNames: string[]; movedNames: string[] } {
    const rootLoc: NodeLocation = { file: this.spec.root, segments: [] };
    this.collectNamed(rootValue, rootLoc);
    this.map.set('', { file: this.spec.root, pointer: '' });
    const document = this.node(rootValue, 'root', rootLoc, outRoot(), 0) as Obj;
    // Moved schemas may move more schemas in: resolve until none is left.
    const order: Moved[] = [];
    for (let i = 0; i < this.movedQueue.length; i++) {
      const next = this.movedQueue[i]!;
      next.resolved = this.node(next.value, 'schema', next.loc, Path.of([PENDING, i]), 0);
      this.boundary(next.resolved, Path.of([PENDING, i]), next.loc, []);
      order.push(next);
    }
    const placed = this.placeMoved(document, order);
    for (const { mapping, key, link } of this.mappings) if (link.$ref !== '') mapping[key] = link.$ref;
    return { document, ...placed };
  }

  /** The spec's own named schemas, and the files their entries point to (`Pet: {$ref: pet.yaml}`). */
  private collectNamed(rootValue: Obj, rootLoc: NodeLocation): void {
    let loc = rootLoc;
    let value: unknown = rootValue;
    for (const seg of this.schemaContainer) {
      const next = this.follow(isObj(value) ? value[seg] : undefined, at(loc, seg));
      if (!next) return;
      ({ value, loc } = next);
    }
    if (!isObj(value)) return;
    for (const [name, entry] of Object.entries(value)) {
      this.declared.add(name);
      const entryLoc = at(loc, name);
      if (!this.named.has(keyOf(entryLoc))) this.named.set(keyOf(entryLoc), name);
      let current: unknown = entry;
      let currentLoc = entryLoc;
      for (let hop = 0; hop < 32 && isRefObj(current); hop++) {
        const t = this.spec.target(current.$ref, currentLoc);
        if (!t.ok) break;
        const k = keyOf(t);
        if (!this.named.has(k)) this.named.set(k, name);
        const r = this.spec.resolve(current.$ref, currentLoc);
        if (!r) break;
        current = r.value;
        currentLoc = { file: r.file, segments: r.segments };
      }
    }
  }

  /** Follows refs at one node (no copy): used to find containers. */
  private follow(value: unknown, loc: NodeLocation): { value: unknown; loc: NodeLocation } | null {
    let current = { value, loc };
    for (let hop = 0; hop < 32 && isRefObj(current.value); hop++) {
      const r = this.spec.resolve(current.value.$ref, current.loc);
      if (!r) return null;
      current = { value: r.value, loc: { file: r.file, segments: r.segments } };
    }
    return current.value === undefined ? null : current;
  }

  private boundary(value: unknown, out: Out, origin: NodeLocation, refs: NodeLocation[], unresolved = false): void {
    const entry: SourceMapEntry = { file: origin.file, pointer: segmentsToPointer(origin.segments) };
    if (refs.length > 0) entry.refs = refs.map((r) => ({ file: r.file, pointer: segmentsToPointer([...r.segments, '$ref']) }));
    if (unresolved) entry.unresolved = true;
    this.map.set(segmentsToPointer(out.segments), entry);
    if (value !== null && typeof value === 'object') this.boundaries.set(value, { origin, refs });
  }

  private warnOnce(code: CodeOf<'error'> | CodeOf<'warning'>, message: string, loc: NodeLocation, hint: string): void {
    const pointer = segmentsToPointer(loc.segments);
    const key = `${code}\u0000${loc.file}\u0000${pointer}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const line = this.spec.lines(loc)?.[0];
    const where = { repo: this.spec.files.repo, file: loc.file, pointer, ...(line !== undefined ? { line } : {}), hint };
    this.diagnostics.report(code, message, where);
  }

  private overBudget(loc: NodeLocation): boolean {
    if (this.nodes <= MAX_NODES && this.inlined <= MAX_INLINED) return false;
    if (!this.reportedBudget) {
      this.reportedBudget = true;
      this.warnOnce(
        'E_OPENAPI_REF_BUDGET',
        `${this.spec.root}: resolving $refs would produce more than ${MAX_NODES.toLocaleString('en')} nodes or ${MAX_INLINED.toLocaleString('en')} copies (a $ref fan-out?); the rest is kept as written.`,
        loc,
        'Use named components ($ref to #/components/...) for parts used many times.',
      );
    }
    return true;
  }

  /** Copy of `value` (a node of kind `kind` written at `loc`) with its refs resolved; placed at `out`. */
  private node(value: unknown, kind: Kind, loc: NodeLocation, out: Out, depth: number): unknown {
    if (kind === 'data') return this.data(value, loc, out);
    if (value === null || typeof value !== 'object') return value;
    if (depth > MAX_VALUE_DEPTH) {
      this.warnOnce('W_OPENAPI_TOO_DEEP', `${loc.file}: nested more than ${MAX_VALUE_DEPTH} levels; $refs deeper down are not followed.`, loc, 'Flatten the structure or use named components.');
      return value;
    }
    this.nodes++;
    if (isRefObj(value) && this.overBudget(loc)) return value;
    if (isRefObj(value)) return kind === 'schema' ? this.schemaRef(value, loc, out, depth) : this.inline(value, kind, loc, out, depth);
    if (Array.isArray(value)) {
      const items = itemKind(kind);
      return value.map((v, i) => this.node(v, items, at(loc, i), out.child(i), depth + 1));
    }
    const result: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      const child = kind === 'namedSchemas' ? this.definition(v, at(loc, k), out.child(k), depth + 1) : this.node(v, childKind(kind, k, this.version), at(loc, k), out.child(k), depth + 1);
      put(result, k, child);
    }
    if (kind === 'schema') this.mapping(result, loc, out, depth);
    return result;
  }

  /**
   * A discriminator's mapping names schemas by ref strings (`dog: './Dog.yaml'`): they point where
   * the schema now is, as Redocly's bundler rewrites them. Plain names (`dog: Dog`) stay.
   */
  private mapping(schema: Obj, loc: NodeLocation, out: Out, depth: number): void {
    const d = schema.discriminator;
    if (!isObj(d) || !isObj(d.mapping)) return;
    const mapping: Obj = { ...d.mapping };
    for (const [k, v] of Object.entries(mapping)) {
      if (typeof v !== 'string' || !/[#/]|\.(ya?ml|json)$/i.test(v)) continue;
      // Redocly's structural check does not follow mappings: one that points nowhere stays as written, silently.
      if (!this.spec.peek(v, at(loc, 'discriminator', 'mapping', k))) continue;
      const link = this.schemaRef({ $ref: v }, at(loc, 'discriminator', 'mapping', k), out.child('discriminator').child('mapping').child(k), depth + 1);
      if (isRefObj(link)) this.mappings.push({ mapping, key: k, link });
    }
    put(schema, 'discriminator', { ...d, mapping });
  }

  /**
   * Examples and defaults are data: a `$ref` inside them is text, except that an example that is
   * nothing but a `$ref` to a part of the repository is replaced by it, as Redocly's bundler does
   * (`example: {$ref: examples.yml#/create}`). One that does not resolve stays as written, silently.
   */
  private data(value: unknown, loc: NodeLocation, out: Out): unknown {
    if (!isRefObj(value) || Object.keys(value).length !== 1) return value;
    const r = this.spec.peek(value.$ref, loc);
    if (!r) return value;
    this.boundary(r.value, out, { file: r.file, segments: r.segments }, [loc]);
    return r.value;
  }

  /** Copy of a ref's holder when the ref is kept as written (broken, cyclic, over budget). */
  private keep(value: Obj, kind: Kind, loc: NodeLocation, out: Out, depth: number): Obj {
    const result: Obj = { $ref: value.$ref };
    for (const [k, v] of Object.entries(value)) if (k !== '$ref') put(result, k, this.node(v, childKind(kind === 'schema' ? 'schema' : 'any', k, this.version), at(loc, k), out.child(k), depth + 1));
    this.boundary(result, out, loc, [], true);
    return result;
  }

  /**
   * Sibling keys of every hop (outermost wins) laid over the resolved target: all of them in a
   * schema (3.1 applies them with the ref) or an unknown position; elsewhere only the `summary` and
   * `description` a Reference Object may carry, where the target's type has such a field (OAS 3.1
   * §4.8.23: otherwise they have no effect; other siblings are ignored).
   */
  private withSiblings(resolved: unknown, hops: { value: Obj; loc: NodeLocation }[], kind: Kind, out: Out, depth: number): unknown {
    const allowed = (k: string) => kind === 'schema' || kind === 'any' || (k === 'description' && DESCRIBED.has(kind)) || (k === 'summary' && SUMMARIZED.has(kind));
    const siblings = hops.flatMap((h) => Object.keys(h.value).filter((k) => k !== '$ref' && allowed(k)).map((k) => ({ k, h })));
    if (siblings.length === 0 || !isObj(resolved)) return resolved;
    const merged: Obj = { ...resolved };
    for (let i = siblings.length - 1; i >= 0; i--) {
      const { k, h } = siblings[i]!;
      put(merged, k, this.node(h.value[k], childKind(kind, k, this.version), at(h.loc, k), out.child(k), depth + 1));
    }
    return merged;
  }

  /**
   * Follows a chain of refs from `value` to the first node that is not a ref. `stop` may end the
   * walk early at a target key (a named schema). Null when a ref is broken (already reported) or
   * the chain loops.
   */
  private chain(value: Obj & { $ref: string }, loc: NodeLocation, stop?: (key: string) => boolean, ancestorsAreCycles = true): { hops: { value: Obj; loc: NodeLocation }[]; target: NodeLocation; value: unknown; stopped: boolean } | null {
    const hops: { value: Obj; loc: NodeLocation }[] = [];
    let current: Obj & { $ref: string } = value;
    let currentLoc = loc;
    const seen = new Set<string>();
    for (;;) {
      hops.push({ value: current, loc: currentLoc });
      const t = this.spec.target(current.$ref, currentLoc);
      if (t.ok && stop?.(keyOf(t))) return { hops, target: { file: t.file, segments: t.segments }, value: undefined, stopped: true };
      const r = this.spec.resolve(current.$ref, currentLoc);
      if (!r) return null;
      const target = { file: r.file, segments: r.segments };
      const key = keyOf(target);
      if (seen.has(key) || (ancestorsAreCycles && this.stack.includes(key)) || hops.length > 32) {
        // Redocly stops on these too ("Self-referencing circular pointer"): nothing can be shown for it.
        this.warnOnce('E_OPENAPI_REF_CYCLE', `$ref ${JSON.stringify(current.$ref.slice(0, 200))} leads back to itself; it is kept as a reference.`, at(currentLoc, '$ref'), 'Break the cycle: a path item, response or parameter cannot contain itself.');
        return null;
      }
      seen.add(key);
      if (!isRefObj(r.value)) return { hops, target, value: r.value, stopped: false };
      current = r.value;
      currentLoc = target;
    }
  }

  /** A ref outside schemas: replaced by a copy of what it points to. */
  private inline(value: Obj & { $ref: string }, kind: Kind, loc: NodeLocation, out: Out, depth: number): unknown {
    const found = this.chain(value, loc);
    if (!found) return this.keep(value, kind, loc, out, depth);
    if (this.stack.length >= MAX_REF_DEPTH) {
      this.warnOnce('E_OPENAPI_REF_DEPTH', `$ref ${JSON.stringify(value.$ref.slice(0, 200))} is nested more than ${MAX_REF_DEPTH} references deep; it is kept as a reference.`, at(loc, '$ref'), 'Reduce how deeply references are nested.');
      return this.keep(value, kind, loc, out, depth);
    }
    this.inlined++;
    const key = keyOf(found.target);
    this.stack.push(key);
    const resolved = this.node(found.value, kind, found.target, out, depth + 1);
    this.stack.pop();
    const result = this.withSiblings(resolved, found.hops, kind, out, depth);
    this.boundary(result, out, found.target, found.hops.map((h) => h.loc));
    return result;
  }

  /** A named schema's own entry: its content (following `Pet: {$ref: pet.yaml}`), not a link to itself. */
  private definition(value: unknown, loc: NodeLocation, out: Out, depth: number): unknown {
    if (!isRefObj(value)) return this.node(value, 'schema', loc, out, depth);
    const self = this.named.get(keyOf(loc));
    const first = this.spec.target(value.$ref, loc);
    const firstName = first.ok ? this.named.get(keyOf(first)) : undefined;
    // `Alias: {$ref: '#/components/schemas/Pet'}` stays a link to Pet.
    if (firstName !== undefined && firstName !== self) return this.schemaRef(value, loc, out, depth);
    const found = this.chain(value, loc);
    if (!found) return this.keep(value, 'schema', loc, out, depth);
    const key = keyOf(found.target);
    this.stack.push(key);
    const resolved = this.node(found.value, 'schema', found.target, out, depth + 1);
    this.stack.pop();
    const result = this.withSiblings(resolved, found.hops, 'schema', out, depth);
    this.boundary(result, out, found.target, found.hops.map((h) => h.loc));
    return result;
  }

  private link(name: string, siblings: { value: Obj; loc: NodeLocation }[], out: Out, depth: number): Obj {
    const result = this.withSiblings({ $ref: refFragment([...this.schemaContainer, name]) }, siblings, 'schema', out, depth) as Obj;
    return result;
  }

  /** A ref in a schema position. */
  private schemaRef(value: Obj & { $ref: string }, loc: NodeLocation, out: Out, depth: number): unknown {
    const stopAt = (key: string) => this.named.has(key) || this.moved.has(key) || this.movedAlias.has(key);
    const found = this.chain(value, loc, stopAt, false);
    if (!found) return this.keep(value, 'schema', loc, out, depth);
    const key = keyOf(found.target);
    if (found.stopped) {
      const name = this.named.get(key);
      if (name !== undefined) return this.link(name, found.hops, out, depth);
      return this.movedLink(this.moved.get(key) ?? this.moved.get(this.movedAlias.get(key)!)!, found.hops, out, depth);
    }
    const external = found.target.file !== this.spec.root;
    if (external || this.stack.includes(key)) {
      let m = this.moved.get(key);
      if (!m) {
        m = { key, loc: found.target, value: found.value, base: movedName(found.target), sites: [] };
        this.moved.set(key, m);
        this.movedQueue.push(m);
      }
      for (const h of found.hops.slice(1)) this.movedAlias.set(keyOf(h.loc), key);
      return this.movedLink(m, found.hops, out, depth);
    }
    // A schema elsewhere in the root document (not a named one): copied, like any other ref.
    this.inlined++;
    this.stack.push(key);
    const resolved = this.node(found.value, 'schema', found.target, out, depth + 1);
    this.stack.pop();
    const result = this.withSiblings(resolved, found.hops, 'schema', out, depth);
    this.boundary(result, out, found.target, found.hops.map((h) => h.loc));
    return result;
  }

  private movedLink(m: Moved, hops: { value: Obj; loc: NodeLocation }[], out: Out, depth: number): Obj {
    const link: Obj = { $ref: '' };
    m.sites.push(link);
    const result = this.withSiblings(link, hops, 'schema', out, depth) as Obj;
    if (result !== link) m.sites.push(result);
    return result;
  }

  /**
   * Gives moved schemas their names (Redocly's, made unique the way anchors are: every member of a
   * colliding group gets a short hash of where it lives, so a name never depends on what else
   * the spec contains except when it must), writes their refs, and adds them to the document.
   */
  private placeMoved(document: Obj, order: Moved[]): { schemaNames: string[]; movedNames: string[] } {
    const declared = [...this.declared];
    if (order.length === 0) return { schemaNames: declared, movedNames: [] };
    const groups = new Map<string, Moved[]>();
    for (const m of order) groups.set(m.base, [...(groups.get(m.base) ?? []), m]);
    const names = new Map<Moved, string>();
    for (const [base, members] of groups) {
      for (const m of members) names.set(m, members.length === 1 && !this.declared.has(base) ? base : `${base}-${shortHash(m.key, 6)}`);
    }
    let container: Obj = document;
    for (const seg of this.schemaContainer) {
      if (!isObj(container[seg])) put(container, seg, {});
      container = container[seg] as Obj;
    }
    const sorted = [...order].sort((a, b) => (names.get(a)! < names.get(b)! ? -1 : names.get(a)! > names.get(b)! ? 1 : 0));
    for (const m of sorted) {
      const name = names.get(m)!;
      put(container, name, m.resolved);
      for (const site of m.sites) site.$ref = refFragment([...this.schemaContainer, name]);
    }
    // Source-map entries recorded under the placeholder move to the final names.
    const prefixes = new Map(order.map((m, i) => [segmentsToPointer([PENDING, i]), segmentsToPointer([...this.schemaContainer, names.get(m)!])]));
    for (const [pointer, entry] of [...this.map]) {
      if (!pointer.startsWith(`/${PENDING}/`)) continue;
      const cut = pointer.indexOf('/', PENDING.length + 2);
      const head = cut === -1 ? pointer : pointer.slice(0, cut);
      this.map.delete(pointer);
      this.map.set(prefixes.get(head)! + (cut === -1 ? '' : pointer.slice(cut)), entry);
    }
    return { schemaNames: [...declared, ...sorted.map((m) => names.get(m)!)], movedNames: sorted.map((m) => names.get(m)!) };
  }
}

/** Resolves the spec whose root file is `spec.root` (already parsed). Null when the root is not a mapping. */
export function resolveDocument(spec: SpecFiles, rootValue: Obj, diagnostics: Diagnostics): Resolution {
  const { version } = detectVersion(rootValue);
  const resolver = new Resolver(spec, version, diagnostics);
  const { document, schemaNames, movedNames } = resolver.run(rootValue);
  return {
    root: spec.root,
    version,
    document,
    sourceMap: Object.fromEntries(resolver.map),
    boundaries: resolver.boundaries,
    schemaContainer: resolver.schemaContainer,
    schemaNames,
    movedSchemas: new Set(movedNames),
  };
}
