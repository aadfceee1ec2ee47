// Schema trees for the templates, built from the resolved document. A ref to a named schema is a
// link to that schema's own section; in an operation it is also unfolded in place (a collapsed
// `<details>`) while the section's node budget lasts and the schema is not already open above it,
// so a reader sees the shape without leaving the page, and a recursive or very deep schema stays
// one link. Parts that replaced a `$ref` (a shared parameter file, an inline schema from another
// file) are recorded as sources of the section with the refs that brought them in.

import type { SourceRef } from '../../model/page.ts';
import { constraints, short, typeLabel } from './schema-facts.ts';
import type { PathSegment } from './parse.ts';
import { segmentsToPointer, type NodeLocation, type SpecFiles } from './refs.ts';
import type { Resolution } from './resolve.ts';
import { isObj, md, text, type Obj } from './text.ts';
import type { SpecVersion } from './validate.ts';

export interface SchemaLink {
  name: string;
  anchor: string;
  /** Filled once pages are packed. */
  href: string;
}

export interface NamedSchema {
  name: string;
  value: unknown;
  /** Where its content is written. */
  loc: NodeLocation;
  /** Its entry in the root (`components/schemas/Pet`), when that differs from `loc`. */
  entry: NodeLocation | null;
  link: SchemaLink;
}

/** What view builders need to know of one resolved spec. */
export interface SpecContext {
  spec: SpecFiles;
  res: Resolution;
  version: SpecVersion;
  named: Map<string, NamedSchema>;
  /** Named schema by the `$ref` string that points to it in the resolved document. */
  byRef: Map<string, NamedSchema>;
  /** Per schema moved in from another file: where its parts are written, and the moved schemas it refers to (filled lazily). */
  movedParts?: Map<string, { locs: NodeLocation[]; moved: string[] }>;
  /** Named schemas as unfolded in operations (the same wherever they are used), with the nodes they took; null = too large. */
  unfolded?: Map<string, { children: SchemaNode[]; nodes: number } | null>;
}

/**
 * What a schema moved in from another file is made of: its own place, the parts copied into it,
 * and the other moved schemas it refers to. Such a schema was written inline where it is used
 * (`schema: {$ref: pet.yaml}`), so it counts as a source of every section that uses it, as an
 * inline schema would; the spec's own named schemas (`#/components/schemas/Pet`) do not.
 */
function movedParts(ctx: SpecContext, name: string): { locs: NodeLocation[]; moved: string[] } {
  ctx.movedParts ??= new Map();
  const known = ctx.movedParts.get(name);
  if (known) return known;
  const schema = ctx.named.get(name)!;
  const locs: NodeLocation[] = [schema.loc];
  const moved = new Set<string>();
  const stack: unknown[] = [schema.value];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (v !== schema.value) {
      const b = ctx.res.boundaries.get(v);
      if (b) locs.push(b.origin, ...b.refs.slice(1));
    }
    if (!Array.isArray(v) && typeof (v as Obj).$ref === 'string') {
      const target = ctx.byRef.get((v as Obj).$ref as string);
      if (target && ctx.res.movedSchemas.has(target.name) && target.name !== name) moved.add(target.name);
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push(child);
  }
  const parts = { locs, moved: [...moved] };
  ctx.movedParts.set(name, parts);
  return parts;
}

export interface SchemaNode {
  name: string;
  required: boolean;
  type: string;
  ref: SchemaLink | null;
  circular: boolean;
  /** A named schema shown as a link only (budget or depth); its section has the rest. */
  folded: boolean;
  deprecated: boolean;
  readOnly: boolean;
  writeOnly: boolean;
  descriptionHtml: string;
  enumValues: string[];
  enumMore: string;
  constraints: string[];
  children: SchemaNode[];
  hasChildren: boolean;
  open: boolean;
  note: string;
}

export interface SchemaOptions {
  name?: string;
  required?: boolean;
  depth?: number;
  /** Named schemas open above this node (cycles fold). */
  stack?: string[];
}

const MAX_DEPTH = 10;
/** Nodes one named schema may take when unfolded in place; a larger one stays a link to its section. */
const UNFOLD_NODES = 80;
const MAX_ENUM = 30;

/**
 * A section's source: the lines of a node, or, for a node that is a whole file of its own (an
 * operation or schema in a file of its own), the file itself: its last change is the file's, as
 * `git log -1 -- <file>` says (a commit that only deleted lines counts too, and no blame is needed).
 */
export function sourceRef(spec: SpecFiles, loc: NodeLocation): SourceRef {
  const pointer = segmentsToPointer(loc.segments);
  if (loc.segments.length === 0) return { repo: spec.files.repo, path: loc.file, pointer };
  const lines = spec.lines(loc);
  return { repo: spec.files.repo, path: loc.file, ...(lines ? { lines } : {}), pointer };
}

const at = (loc: NodeLocation, ...more: PathSegment[]): NodeLocation => ({ file: loc.file, segments: [...loc.segments, ...more] });

function blank(name: string, required: boolean, depth: number): SchemaNode {
  return {
    name: text(name),
    required,
    type: '',
    ref: null,
    circular: false,
    folded: false,
    deprecated: false,
    readOnly: false,
    writeOnly: false,
    descriptionHtml: '',
    enumValues: [],
    enumMore: '',
    constraints: [],
    children: [],
    hasChildren: false,
    open: depth < 1,
    note: '',
  };
}

/** State for building one section: its sources and its node budget. */
export class SectionBuilder {
  readonly ctx: SpecContext;
  private readonly sourceKeys = new Set<string>();
  readonly sources: SourceRef[] = [];
  budget: number;
  /** Levels of named schemas an operation unfolds in place (0 in schema sections: links only). */
  readonly unfold: number;
  capped = false;
  /** While above 0, nothing is recorded as a source (named schemas unfolded in place have their own sections). */
  private quiet = 0;
  /** While above 0, named schemas stay links (error responses: the same few schemas everywhere). */
  private linksOnly = 0;
  /** Named schemas already unfolded in this section: the next use is a link to the first. */
  private readonly unfoldedHere = new Set<string>();

  constructor(ctx: SpecContext, options: { budget?: number; unfold?: number } = {}) {
    this.ctx = ctx;
    this.budget = options.budget ?? 2000;
    this.unfold = options.unfold ?? 0;
  }

  get version(): SpecVersion {
    return this.ctx.version;
  }

  addSource(loc: NodeLocation): void {
    if (this.quiet > 0) return;
    const ref = sourceRef(this.ctx.spec, loc);
    const key = `${ref.path}\u0000${ref.lines?.join('-') ?? ref.pointer}`;
    if (this.sourceKeys.has(key)) return;
    this.sourceKeys.add(key);
    this.sources.push(ref);
  }

  /**
   * Where `value` is written: where it came from when it replaced a `$ref` (recorded as a source,
   * with the refs in other places that led there), else `loc`.
   */
  locate(value: unknown, loc: NodeLocation): NodeLocation {
    if (value === null || typeof value !== 'object') return loc;
    const b = this.ctx.res.boundaries.get(value);
    if (!b) return loc;
    this.addSource(b.origin);
    // The first ref sits inside the section's own lines; refs further down a chain do not.
    for (const r of b.refs.slice(1)) this.addSource(r);
    return b.origin;
  }

  /** Records a moved schema (and those it refers to) as sources of this section. */
  private addMoved(name: string, seen = new Set<string>()): void {
    if (this.quiet > 0 || seen.has(name) || !this.ctx.res.movedSchemas.has(name)) return;
    seen.add(name);
    const parts = movedParts(this.ctx, name);
    for (const loc of parts.locs) this.addSource(loc);
    for (const next of parts.moved) this.addMoved(next, seen);
  }

  /** Runs `build` with named schemas shown as links only. */
  linking<T>(build: () => T): T {
    this.linksOnly++;
    try {
      return build();
    } finally {
      this.linksOnly--;
    }
  }

  named(value: unknown): NamedSchema | null {
    return isObj(value) && typeof value.$ref === 'string' ? (this.ctx.byRef.get(value.$ref) ?? null) : null;
  }

  schema(value: unknown, loc: NodeLocation, options: SchemaOptions = {}): SchemaNode {
    const depth = options.depth ?? 0;
    const stack = options.stack ?? [];
    const node = blank(options.name ?? '', options.required ?? false, depth);
    if (--this.budget < 0) {
      this.capped = true;
      node.note = 'not expanded (size limit)';
      return node;
    }
    const named = this.named(value);
    if (named) return this.namedNode(node, named, value as Obj, options, depth, stack);
    if (isObj(value) && typeof value.$ref === 'string') {
      // Kept as written by the resolver (broken or outside the repository; already reported).
      node.type = text(value.$ref);
      node.note = 'unresolved reference';
      return node;
    }
    if (typeof value === 'boolean') {
      node.type = value ? 'any' : 'never';
      return node;
    }
    if (!isObj(value)) {
      node.type = 'any';
      return node;
    }
    const here = this.locate(value, loc);
    this.describe(node, value);
    if (depth >= MAX_DEPTH) {
      node.note = `nested deeper than ${MAX_DEPTH} levels; see the source`;
      return node;
    }
    this.addChildren(node, value, here, depth, stack);
    return node;
  }

  /** Type, flags, description, enum and constraints of a schema object. */
  private describe(node: SchemaNode, s: Obj): void {
    node.type = typeLabel(s);
    node.deprecated = s.deprecated === true;
    node.readOnly = s.readOnly === true;
    node.writeOnly = s.writeOnly === true;
    node.descriptionHtml = md(s.description);
    if (Array.isArray(s.enum)) {
      node.enumValues = s.enum.slice(0, MAX_ENUM).map(short);
      node.enumMore = s.enum.length > MAX_ENUM ? `and ${s.enum.length - MAX_ENUM} more` : '';
    }
    node.constraints = constraints(s);
  }

  private addChildren(node: SchemaNode, s: Obj, loc: NodeLocation, depth: number, stack: string[]): void {
    const child = (v: unknown, seg: PathSegment[], name: string, required = false) => this.schema(v, at(loc, ...seg), { name, required, depth: depth + 1, stack });
    const requiredSet = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
    if (isObj(s.properties)) {
      for (const [k, v] of Object.entries(s.properties)) node.children.push(child(v, ['properties', k], k, requiredSet.has(k)));
    }
    // Arrays read as "array of X": the item's shape is the array's.
    if (isObj(s.items) || typeof s.items === 'boolean') {
      const item = child(s.items, ['items'], '');
      node.type = `${node.type.startsWith('array') ? node.type.replace(/^array/, 'array of') : `${node.type} of`} ${item.ref ? item.ref.name : item.type}`.replace(/ of of /, ' of ');
      node.ref = item.ref;
      node.circular = item.circular;
      node.folded = item.folded;
      node.enumValues = node.enumValues.length > 0 ? node.enumValues : item.enumValues;
      node.enumMore = node.enumMore || item.enumMore;
      if (!node.descriptionHtml && item.descriptionHtml) node.descriptionHtml = item.descriptionHtml;
      node.constraints.push(...item.constraints);
      node.children.push(...item.children);
      if (item.note) node.note = item.note;
    } else if (Array.isArray(s.items)) s.items.forEach((v, i) => node.children.push(child(v, ['items', i], `[${i}]`)));
    if (Array.isArray(s.prefixItems)) s.prefixItems.forEach((v, i) => node.children.push(child(v, ['prefixItems', i], `[${i}]`)));
    if (isObj(s.additionalProperties) || (s.additionalProperties === true && isObj(s.properties))) node.children.push(child(s.additionalProperties, ['additionalProperties'], '[other properties]'));
    if (isObj(s.patternProperties)) for (const [k, v] of Object.entries(s.patternProperties)) node.children.push(child(v, ['patternProperties', k], `[/${k}/]`));
    for (const [combinator, label] of [
      ['allOf', 'all of'],
      ['oneOf', 'one of'],
      ['anyOf', 'any of'],
    ] as const) {
      const list = s[combinator];
      if (!Array.isArray(list)) continue;
      if (combinator === 'allOf' && this.mergeAllOf(node, list, loc, depth, stack)) continue;
      const group = blank('', false, 0);
      group.type = label;
      list.forEach((v, i) => group.children.push(child(v, [combinator, i], variantName(v, i, this))));
      group.hasChildren = group.children.length > 0;
      node.children.push(group);
    }
    if (s.not !== undefined) node.children.push(child(s.not, ['not'], 'not'));
    node.hasChildren = node.children.length > 0;
  }

  /** `allOf` of objects reads as one object: the parts' properties in order. */
  private mergeAllOf(node: SchemaNode, list: unknown[], loc: NodeLocation, depth: number, stack: string[]): boolean {
    const parts: { value: Obj; loc: NodeLocation; name: string | null }[] = [];
    for (const [i, v] of list.entries()) {
      const named = this.named(v);
      if (named) {
        if (stack.includes(named.name) || !isObj(named.value)) return false;
        this.addMoved(named.name);
        parts.push({ value: named.value, loc: named.loc, name: named.name });
      } else if (isObj(v) && typeof v.$ref !== 'string') parts.push({ value: v, loc: at(loc, 'allOf', i), name: null });
      else return false;
    }
    if (!parts.every((p) => isObj(p.value.properties) || p.value.type === 'object' || Array.isArray(p.value.allOf))) return false;
    for (const p of parts) {
      const inner = p.name ? [...stack, p.name] : stack;
      const sub = blank('', false, depth);
      this.addChildren(sub, p.value, p.name ? p.loc : this.locate(p.value, p.loc), depth, inner);
      node.children.push(...sub.children);
      if (!node.descriptionHtml && p.value.description) node.descriptionHtml = md(p.value.description);
    }
    if (node.type === 'any' || node.type === 'allOf') node.type = 'object';
    return true;
  }

  private namedNode(node: SchemaNode, named: NamedSchema, value: Obj, options: SchemaOptions, depth: number, stack: string[]): SchemaNode {
    this.addMoved(named.name);
    node.ref = named.link;
    node.type = named.name;
    node.circular = stack.includes(named.name);
    const target = isObj(named.value) ? named.value : {};
    this.describe(node, target);
    node.type = named.name;
    if (typeof value.description === 'string') node.descriptionHtml = md(value.description);
    const levels = stack.length;
    const canUnfold = !node.circular && levels < this.unfold && depth < MAX_DEPTH && this.linksOnly === 0 && !this.unfoldedHere.has(named.name);
    if (!canUnfold) {
      node.folded = !node.circular;
      node.hasChildren = false;
      return node;
    }
    // Unfold in place unless that alone would spend the budget: then it stays a link. The
    // unfolded tree is the same wherever the schema is used, so it is built once per spec.
    this.ctx.unfolded ??= new Map();
    let unfolded = this.ctx.unfolded.get(named.name);
    if (unfolded === undefined) {
      const saved = { budget: this.budget, capped: this.capped };
      this.budget = UNFOLD_NODES;
      this.capped = false;
      this.quiet++;
      const probe = blank('', false, 0);
      this.addChildren(probe, target, named.loc, 0, [...stack, named.name]);
      this.quiet--;
      unfolded = this.capped ? null : { children: probe.children, nodes: UNFOLD_NODES - this.budget };
      this.ctx.unfolded.set(named.name, unfolded);
      this.budget = saved.budget;
      this.capped = saved.capped;
    }
    if (unfolded === null || unfolded.nodes > this.budget) {
      node.folded = true;
      return node;
    }
    this.budget -= unfolded.nodes;
    this.unfoldedHere.add(named.name);
    node.children = unfolded.children;
    node.hasChildren = node.children.length > 0;
    node.open = false;
    return node;
  }
}

function variantName(v: unknown, i: number, b: SectionBuilder): string {
  const named = b.named(v);
  if (named) return '';
  if (isObj(v) && typeof v.title === 'string') return text(v.title);
  return `option ${i + 1}`;
}
