// TypeScript symbol history (issue 14 item 4): two versions of a package's extracted API (the
// TypeDoc child's model) → per exported symbol and class/interface member: added, removed,
// deprecated, signature changes, breaking or not; and "since": the first release tag whose API
// contains the symbol.
//
// Signatures come as the text the extractor renders (`function f(a: A, b?: B): R`); call
// signatures are split into parameters and return type here (bracket- and string-aware). Rules,
// for a consumer who calls the function or reads the value:
//   symbol-removed, kind-changed, overload-removed ........................... breaking
//   parameter-added-required, parameter-became-required, parameter-removed ... breaking
//   parameter-type-changed (unless the new type is a union holding every old member) breaking
//   return-type-changed (unless the new type's union members are all old ones) breaking
//   type-parameters-changed, signature-changed (non-callables: the type changed) breaking
//   symbol-added, overload-added, parameter-added-optional, parameter-became-optional,
//   parameter-type-widened, return-type-narrowed, parameter-renamed ............ not breaking
//   symbol-deprecated, symbol-reactivated, documentation-changed .............. not breaking

import type { TsModel, TsSymbol } from '../extract/typescript/model.ts';
import type { SymbolChange } from './types.ts';

const MAX_SIGNATURE = 160;

export interface TsParam {
  name: string;
  optional: boolean;
  rest: boolean;
  type: string;
}

export interface CallSignature {
  typeParameters: string;
  params: TsParam[];
  returns: string | null;
}

/** Splits `text` at top-level occurrences of `sep` (outside (), [], {}, <>, strings and template literals). */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{' || ch === '<') depth++;
    else if (ch === ')' || ch === ']' || ch === '}' || (ch === '>' && text[i - 1] !== '=')) depth--;
    else if (depth === 0 && text.startsWith(sep, i)) {
      out.push(text.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** Index of the bracket closing the one at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{' || ch === '<') depth++;
    else if (ch === ')' || ch === ']' || ch === '}' || (ch === '>' && text[i - 1] !== '=')) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The parameters and return type of a rendered call signature, or null when it is not one. */
export function parseCallSignature(text: string): CallSignature | null {
  let i = 0;
  let typeParameters = '';
  // Skip the head (`function name`, `static name`, `new Name`) up to `<` or `(`.
  while (i < text.length && text[i] !== '(' && text[i] !== '<') {
    if (text[i] === ':' || text[i] === '=') return null;
    i++;
  }
  if (text[i] === '<') {
    const end = closing(text, i);
    if (end < 0) return null;
    typeParameters = text.slice(i, end + 1);
    i = end + 1;
  }
  if (text[i] !== '(') return null;
  const end = closing(text, i);
  if (end < 0) return null;
  const inner = text.slice(i + 1, end).trim();
  const params: TsParam[] = inner === '' ? [] : splitTop(inner, ',').map((raw) => parseParam(raw.trim()));
  const rest = text.slice(end + 1).trim();
  const returns = rest.startsWith(':') ? rest.slice(1).trim() : rest.startsWith('=>') ? rest.slice(2).trim() : null;
  return { typeParameters, params, returns };
}

function parseParam(raw: string): TsParam {
  const [head = '', ...defaults] = splitTop(raw, ' = ');
  const m = /^(\.\.\.)?([^?:\s]+)(\?)?:\s*([\s\S]*)$/.exec(head);
  if (!m) return { name: head, optional: defaults.length > 0, rest: false, type: '' };
  return { name: m[2]!, optional: m[3] === '?' || m[1] === '...' || defaults.length > 0, rest: m[1] === '...', type: m[4]!.trim() };
}

function unionMembers(type: string): Set<string> {
  return new Set(splitTop(type, ' | ').map((t) => t.trim()));
}

function subset(a: Set<string>, b: Set<string>): boolean {
  return [...a].every((x) => b.has(x));
}

export function signatureText(sym: TsSymbol): string[] {
  return sym.signatures.map((parts) => parts.map((p) => p.text).join(''));
}

function short(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > MAX_SIGNATURE ? `${line.slice(0, MAX_SIGNATURE - 1)}…` : line;
}

export interface SymbolEntry {
  module: string;
  symbol: TsSymbol;
}

/** Every exported symbol and member by `<module>:<qualifiedName>` (the section key within its module page). */
export function symbolIndex(model: TsModel): Map<string, SymbolEntry> {
  const out = new Map<string, SymbolEntry>();
  for (const module of model.modules) {
    for (const sym of module.symbols) {
      const add = (s: TsSymbol) => {
        const id = `${module.name}:${s.qualifiedName}`;
        if (!out.has(id)) out.set(id, { module: module.name, symbol: s });
      };
      add(sym);
      for (const m of sym.members) add(m);
    }
  }
  return out;
}

function callable(sym: TsSymbol): boolean {
  return sym.kind === 'function' || sym.kind === 'method' || sym.kind === 'constructor';
}

interface Ctx {
  module: string;
  key: string;
  from: string;
  to: string;
  out: SymbolChange[];
}

function push(ctx: Ctx, check: string, change: SymbolChange['change'], breaking: boolean, summary: string, withSignatures = true): void {
  ctx.out.push({
    module: ctx.module,
    key: ctx.key,
    change,
    breaking,
    from: withSignatures ? ctx.from : null,
    to: withSignatures ? ctx.to : null,
    summary,
    check,
  });
}

function diffCall(ctx: Ctx, o: CallSignature, n: CallSignature): void {
  if (o.typeParameters !== n.typeParameters) push(ctx, 'type-parameters-changed', 'changed', true, `type parameters changed from \`${o.typeParameters || 'none'}\` to \`${n.typeParameters || 'none'}\``);
  const count = Math.max(o.params.length, n.params.length);
  for (let i = 0; i < count; i++) {
    const a = o.params[i];
    const b = n.params[i];
    if (a && !b) {
      push(ctx, 'parameter-removed', 'changed', true, `parameter \`${a.name}\` removed`);
      continue;
    }
    if (!a && b) {
      push(ctx, b.optional ? 'parameter-added-optional' : 'parameter-added-required', 'changed', !b.optional, `${b.optional ? 'optional' : 'required'} parameter \`${b.name}\` added`);
      continue;
    }
    if (!a || !b) continue;
    if (a.name !== b.name && a.type === b.type) push(ctx, 'parameter-renamed', 'changed', false, `parameter \`${a.name}\` renamed to \`${b.name}\``);
    if (a.optional && !b.optional) push(ctx, 'parameter-became-required', 'changed', true, `parameter \`${b.name}\` became required`);
    if (!a.optional && b.optional) push(ctx, 'parameter-became-optional', 'changed', false, `parameter \`${b.name}\` became optional`);
    if (a.type !== b.type) {
      const widened = subset(unionMembers(a.type), unionMembers(b.type));
      push(ctx, widened ? 'parameter-type-widened' : 'parameter-type-changed', 'changed', !widened, `parameter \`${b.name}\` type ${widened ? 'widened' : 'changed'} from \`${a.type}\` to \`${b.type}\``);
    }
  }
  if (o.returns !== n.returns && o.returns !== null && n.returns !== null) {
    const narrowed = subset(unionMembers(n.returns), unionMembers(o.returns));
    push(ctx, narrowed ? 'return-type-narrowed' : 'return-type-changed', 'changed', !narrowed, `return type ${narrowed ? 'narrowed' : 'changed'} from \`${o.returns}\` to \`${n.returns}\``);
  }
}

function diffSymbol(module: string, key: string, o: TsSymbol, n: TsSymbol, out: SymbolChange[]): void {
  const os = signatureText(o);
  const ns = signatureText(n);
  const ctx: Ctx = { module, key, from: short(os.join('\n')), to: short(ns.join('\n')), out };
  if (o.kind !== n.kind) {
    push(ctx, 'kind-changed', 'changed', true, `${o.kind} became ${n.kind}`);
    return;
  }
  const wasDeprecated = o.doc?.deprecated !== null && o.doc?.deprecated !== undefined;
  const isDeprecated = n.doc?.deprecated !== null && n.doc?.deprecated !== undefined;
  if (!wasDeprecated && isDeprecated) push(ctx, 'symbol-deprecated', 'deprecated', false, n.doc?.deprecated ? `deprecated: ${short(n.doc.deprecated)}` : 'deprecated', false);
  if (wasDeprecated && !isDeprecated) push(ctx, 'symbol-reactivated', 'changed', false, 'no longer deprecated', false);
  if (os.join('\n') !== ns.join('\n')) {
    if (callable(o) && os.length === 1 && ns.length === 1) {
      const a = parseCallSignature(os[0]!);
      const b = parseCallSignature(ns[0]!);
      if (a && b) diffCall(ctx, a, b);
      else push(ctx, 'signature-changed', 'changed', true, 'signature changed');
    } else if (callable(o)) {
      const before = new Set(os);
      const after = new Set(ns);
      const removed = os.filter((s) => !after.has(s)).length;
      const added = ns.filter((s) => !before.has(s)).length;
      if (removed > 0) push(ctx, 'overload-removed', 'changed', true, `${removed} overload${removed === 1 ? '' : 's'} removed or changed`);
      if (added > 0 && removed === 0) push(ctx, 'overload-added', 'changed', false, `${added} overload${added === 1 ? '' : 's'} added`);
    } else {
      push(ctx, 'signature-changed', 'changed', true, 'signature changed');
    }
  }
  if ((o.doc?.summary ?? '') !== (n.doc?.summary ?? '')) push(ctx, 'documentation-changed', 'changed', false, 'documentation edited', false);
}

/** Changes from `before` to `after`, in the new model's symbol order (removed symbols after). */
export function diffTypeScript(before: TsModel, after: TsModel): SymbolChange[] {
  const o = symbolIndex(before);
  const n = symbolIndex(after);
  const out: SymbolChange[] = [];
  for (const [id, entry] of n) {
    const was = o.get(id);
    const key = entry.symbol.qualifiedName;
    if (!was) {
      const sig = short(signatureText(entry.symbol).join('\n'));
      out.push({ module: entry.module, key, change: 'added', breaking: false, from: null, to: sig, summary: `${entry.symbol.kind} added`, check: 'symbol-added' });
      continue;
    }
    diffSymbol(entry.module, key, was.symbol, entry.symbol, out);
  }
  for (const [id, entry] of o) {
    if (n.has(id)) continue;
    const sig = short(signatureText(entry.symbol).join('\n'));
    out.push({ module: entry.module, key: entry.symbol.qualifiedName, change: 'removed', breaking: true, from: sig, to: null, summary: `${entry.symbol.kind} removed`, check: 'symbol-removed' });
  }
  return out;
}

// ---- "since": release tags -------------------------------------------------------------------

export interface ReleaseTag {
  tag: string;
  version: [number, number, number];
  prerelease: string[];
}

const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * The tag as a release of `pkg`, or null: `v1.2.3`, `1.2.3`, `v1.2` and, for monorepos,
 * `<pkg>@1.2.3` / `<pkg>-v1.2.3` / `<pkg>/v1.2.3` (scoped names too). Other tags (`latest`,
 * `deploy-2024-05`, another package's releases) are not releases.
 */
export function parseReleaseTag(tag: string, pkg?: string): ReleaseTag | null {
  let rest = tag;
  if (pkg) {
    for (const sep of ['@', '-', '/']) {
      if (tag.startsWith(`${pkg}${sep}`)) {
        rest = tag.slice(pkg.length + 1);
        break;
      }
    }
  }
  const m = VERSION.exec(rest);
  if (!m) return null;
  return { tag, version: [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)], prerelease: m[4] ? m[4].split('.') : [] };
}

function comparePre(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** SemVer precedence; ties broken by tag name so the order is total. */
export function compareReleases(a: ReleaseTag, b: ReleaseTag): number {
  for (let i = 0; i < 3; i++) if (a.version[i] !== b.version[i]) return a.version[i]! - b.version[i]!;
  return comparePre(a.prerelease, b.prerelease) || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0);
}

/** Release tags in version order (pre-releases left out unless asked for). */
export function releaseTags(tags: string[], options: { pkg?: string; prereleases?: boolean } = {}): string[] {
  return tags
    .map((t) => parseReleaseTag(t, options.pkg))
    .filter((r): r is ReleaseTag => r !== null && (options.prereleases === true || r.prerelease.length === 0))
    .sort(compareReleases)
    .map((r) => r.tag);
}

/**
 * For each symbol id (`<module>:<qualifiedName>`), the first tag in `tagged` (already in release
 * order, each with the ids its tree's API contains) that contains it. Symbols in no tag are absent.
 */
export function sinceTags(tagged: { tag: string; ids: string[] }[]): Record<string, string> {
  const since: Record<string, string> = {};
  for (const { tag, ids } of tagged) for (const id of ids) if (!Object.hasOwn(since, id)) since[id] = tag;
  return since;
}
