// The TypeDoc child: converts one materialized package and prints the API model as JSON on stdout.
// Started by runner.ts under Node's permission model (reads: the materialized copy and our own
// dependencies; no writes, no child processes, no workers), so even a TypeDoc feature we did not
// think of cannot read a file outside the copy or run anything.
//
// Safety (RELIABILITY §1.7, C2): an empty option-reader list (no typedoc.json, typedoc.config.*,
// typedocOptions), `plugin: []` asserted, compiler options parsed by us from JSON, `{@include}` /
// `{@includeCode}` that leave the copy refused before TypeDoc's IncludePlugin sees them.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Application,
  Converter,
  DeclarationReflection,
  Logger,
  ProjectReflection,
  Reflection,
  ReflectionKind,
  TypeScript as ts,
  type Comment,
  type CommentDisplayPart,
  type Context,
  SignatureReflection,
  type SomeType,
  UnknownType,
} from 'typedoc';
import { MODEL_VERSION, type ChildRequest, type TsDoc, type TsIssue, type TsModel, type TsModule, type TsNamedDoc, type TsSource, type TsSymbol, type TsSymbolKind } from './model.ts';
import { declarationSignatures } from './signature.ts';

const MAX_TYPEDOC_ISSUES = 5;
const MAX_INCLUDE_DEPTH = 8;

class CollectingLogger extends Logger {
  readonly errors: string[] = [];
  override log(message: string, level: number): void {
    super.log(message, level);
    if (level >= 3) this.errors.push(message);
  }
}

export async function convertPackage(req: ChildRequest): Promise<TsModel> {
  const root = resolve(req.root);
  const issues: TsIssue[] = [];
  const rel = (p: string): string => relative(root, p).split(sep).join('/');
  const inside = (p: string): boolean => {
    const r = resolve(p);
    return r === root || r.startsWith(root + sep);
  };
  const entryAbs = req.entryPoints.map((e) => join(root, e));

  const app = await Application.bootstrapWithPlugins(
    {
      entryPoints: entryAbs,
      entryPointStrategy: 'resolve',
      plugin: [],
      skipErrorChecking: true,
      readme: 'none',
      disableSources: true,
      disableGit: true,
      name: req.name,
      excludePrivate: true,
      ...req.options,
    },
    [],
  );
  if (app.options.getValue('plugin').length !== 0) throw new Error('refusing to run: a TypeDoc plugin is configured');
  const logger = new CollectingLogger();
  app.logger = logger;

  const { options: compilerOptions, fileNames } = compilerSetup(req, root, inside, issues);
  const rootNames = [...new Set([...fileNames.filter(inside), ...entryAbs])];
  // No project references: referenced projects are outside the copy.
  app.options.setCompilerOptions(rootNames, compilerOptions, undefined);

  // `{@include}` guard: runs before TypeDoc's IncludePlugin (priority 0) on every comment owner.
  const guard = (_ctx: Context, refl: Reflection): void => {
    const comment = refl.comment;
    if (!comment?.sourcePath) return;
    const base = dirname(comment.sourcePath);
    guardParts(comment.summary, base, comment.sourcePath);
    for (const tag of comment.blockTags) guardParts(tag.content, base, comment.sourcePath);
  };
  const guardParts = (parts: CommentDisplayPart[], base: string, source: string): void => {
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.kind !== 'inline-tag' || (part.tag !== '@include' && part.tag !== '@includeCode')) continue;
      const target = includeTarget(part.text);
      if (includeAllowed(resolve(base, target), part.tag === '@include', 0)) continue;
      parts[i] = { kind: 'text', text: '(include refused)' };
      const line = inside(source) ? includeLine(source, part.tag, part.text) : undefined;
      issues.push({
        code: 'E_TS_INCLUDE_OUTSIDE',
        severity: 'error',
        message: `${part.tag} of "${target}" refused: it leaves the package's tracked files.`,
        file: inside(source) ? rel(source) : undefined,
        ...(line === undefined ? {} : { line }),
      });
    }
  };
  // Comment parts carry no position: the tag's line is found in the source text (the n-th
  // occurrence for the n-th refusal of the same tag in one file), for a located error (C2).
  const seenIncludes = new Map<string, number>();
  const includeLine = (source: string, tag: string, text: string): number | undefined => {
    let src: string;
    try {
      src = readFileSync(source, 'utf8');
    } catch {
      return undefined;
    }
    const key = `${source}\0${tag}\0${text}`;
    const nth = seenIncludes.get(key) ?? 0;
    seenIncludes.set(key, nth + 1);
    const needle = `{${tag}`;
    let at = -1;
    for (let k = 0; k <= nth; k++) {
      do at = src.indexOf(needle, at + 1);
      while (at >= 0 && !src.slice(at + needle.length).trimStart().startsWith(text.trim().split(/\s/)[0] ?? ''));
      if (at < 0) return undefined;
    }
    return src.slice(0, at).split('\n').length;
  };
  const includeAllowed = (file: string, nested: boolean, depth: number): boolean => {
    if (!inside(file) || depth > MAX_INCLUDE_DEPTH) return false;
    if (!nested || !existsSync(file)) return true;
    // An included file's own `{@include}`s are expanded by TypeDoc without another event: check them now.
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return true;
    }
    for (const m of text.matchAll(/\{@include(Code)?\s+([^}\s]+)[^}]*\}/g)) {
      if (!includeAllowed(resolve(dirname(file), includeTarget(m[2]!)), m[1] === undefined, depth + 1)) return false;
    }
    return true;
  };
  for (const event of [
    Converter.EVENT_CREATE_PROJECT,
    Converter.EVENT_CREATE_DOCUMENT,
    Converter.EVENT_CREATE_DECLARATION,
    Converter.EVENT_CREATE_PARAMETER,
    Converter.EVENT_CREATE_SIGNATURE,
    Converter.EVENT_CREATE_TYPE_PARAMETER,
  ] as const) {
    app.converter.on(event, guard as never, 1000);
  }

  // Declaration nodes per reflection, for exact line ranges.
  const declarations = new Map<number, ts.Declaration[]>();
  let programs: readonly ts.Program[] = [];
  app.converter.on(Converter.EVENT_BEGIN, (ctx: Context) => {
    programs = ctx.programs;
  });
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (ctx: Context, refl: DeclarationReflection) => {
    const decls = ctx.getSymbolFromReflection(refl)?.declarations;
    if (decls?.length) declarations.set(refl.id, decls);
  });

  const signatureNodes = new Map<number, ts.SignatureDeclaration>();
  app.converter.on(Converter.EVENT_CREATE_SIGNATURE, (_ctx: Context, sig: SignatureReflection, node?: ts.SignatureDeclaration | ts.JSDocSignature) => {
    if (node && !ts.isJSDocSignature(node)) signatureNodes.set(sig.id, node);
  });

  const project = await app.convert();
  if (!project) {
    issues.push({ code: 'E_TS_CONVERT', severity: 'error', message: `TypeDoc could not convert the package: ${logger.errors[0] ?? 'unknown error'}` });
    return { modelVersion: MODEL_VERSION, modules: [], issues, unresolved: [] };
  }
  const typedocErrors = logger.errors.filter((m) => !/@include/.test(m));
  for (const message of typedocErrors.slice(0, MAX_TYPEDOC_ISSUES)) issues.push({ code: 'W_TS_TYPEDOC', severity: 'warning', message: `TypeDoc: ${message}` });
  if (typedocErrors.length > MAX_TYPEDOC_ISSUES) {
    issues.push({ code: 'W_TS_TYPEDOC', severity: 'warning', message: `TypeDoc: ${typedocErrors.length - MAX_TYPEDOC_ISSUES} more errors not shown.` });
  }

  showUnresolvedAsWritten(project, declarations, signatureNodes);

  const sourcesOf = (id: number): TsSource[] => {
    const byPath = new Map<string, [number, number]>();
    for (const node of declarations.get(id) ?? []) {
      const range = declarationRange(node, inside);
      if (!range) continue;
      const path = rel(range.file);
      const prev = byPath.get(path);
      byPath.set(path, prev ? [Math.min(prev[0], range.start), Math.max(prev[1], range.end)] : [range.start, range.end]);
    }
    return [...byPath].map(([path, lines]) => ({ path, lines }));
  };

  const md = new CommentMarkdown(root, inside, rel);
  const modules: TsModule[] = [];
  const walker = { md, sourcesOf, modules };
  const children = project.children ?? [];
  if (children.length > 0 && children.every((c) => c.kind === ReflectionKind.Module)) {
    for (const mod of children) {
      const file = moduleFile(declarations.get(mod.id));
      const entry = file && inside(file) ? rel(file) : null;
      addModule(walker, mod, moduleName(entry ?? mod.name, req.entryPoints), entry);
    }
  } else {
    addModule(walker, project, moduleName(req.entryPoints[0] ?? 'index', req.entryPoints), req.entryPoints[0] ?? null);
  }
  modules.sort((a, b) => cmp(a.name, b.name));
  return { modelVersion: MODEL_VERSION, modules, issues, unresolved: unresolvedImports(programs, compilerOptions, inside) };
}

/**
 * TypeDoc converts types through the checker, so a type from a dependency that is not installed
 * becomes `any`. Where the written annotation does not say `any`, show it as written instead.
 */
function showUnresolvedAsWritten(project: ProjectReflection, declarations: Map<number, ts.Declaration[]>, signatureNodes: Map<number, ts.SignatureDeclaration>): void {
  const anyWord = /\bany\b/;
  const fix = (type: SomeType | undefined, node: ts.TypeNode | undefined): SomeType | undefined => {
    if (!type || !node || !anyWord.test(type.toString())) return type;
    const written = node.getText();
    return anyWord.test(written) ? type : new UnknownType(written.replace(/\s+/g, ' '));
  };
  for (const refl of Object.values(project.reflections)) {
    if (refl instanceof SignatureReflection) {
      const node = signatureNodes.get(refl.id);
      if (!node) continue;
      refl.type = fix(refl.type, node.type);
      for (const param of refl.parameters ?? []) {
        const p = node.parameters.find((q) => ts.isIdentifier(q.name) && q.name.text === param.name);
        param.type = fix(param.type, p?.type);
      }
    } else if (refl instanceof DeclarationReflection && refl.type) {
      const node = declarations.get(refl.id)?.[0] as (ts.Declaration & { type?: ts.TypeNode }) | undefined;
      if (node && (ts.isPropertyDeclaration(node) || ts.isPropertySignature(node) || ts.isVariableDeclaration(node) || ts.isTypeAliasDeclaration(node))) {
        refl.type = fix(refl.type, node.type);
      }
    }
  }
}

/** `path#region` / `path:lines` → path. */
function includeTarget(text: string): string {
  const t = text.trim();
  const m = /^(.*?)(?:#[^/\\]*|:[\d,\s-]+)?$/.exec(t);
  return m?.[1] || t;
}

function compilerSetup(
  req: ChildRequest,
  root: string,
  inside: (p: string) => boolean,
  issues: TsIssue[],
): { options: ts.CompilerOptions; fileNames: string[] } {
  let options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    strict: true,
    jsx: ts.JsxEmit.Preserve,
  };
  let fileNames: string[] = [];
  if (req.tsconfig) {
    const path = join(root, req.tsconfig);
    // JSON only: `extends` is resolved as a file, nothing is executed.
    const read = ts.readConfigFile(path, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, dirname(path), undefined, path);
    const errors = [read.error, ...parsed.errors].filter((e): e is ts.Diagnostic => !!e && e.code !== 18003);
    if (errors[0]) {
      issues.push({
        code: 'W_TS_TSCONFIG',
        severity: 'info',
        message: `${req.tsconfig}: ${ts.flattenDiagnosticMessageText(errors[0].messageText, ' ')}${errors.length > 1 ? ` (+${errors.length - 1} more)` : ''}`,
        file: req.tsconfig,
      });
    }
    options = { ...parsed.options };
    fileNames = parsed.fileNames.filter(inside);
  }
  // Never emit, never load language-service plugins or build info.
  for (const key of ['plugins', 'incremental', 'composite', 'tsBuildInfoFile', 'outDir', 'outFile', 'declarationDir', 'rootDir'] as const) delete options[key];
  options.noEmit = true;
  options.skipLibCheck = true;
  return { options, fileNames };
}

/** 1-based inclusive lines of a declaration with its leading JSDoc; `export const x = …` spans the statement. */
function declarationRange(node: ts.Node, inside: (p: string) => boolean): { file: string; start: number; end: number } | null {
  let n = node;
  if (ts.isSourceFile(n)) return null;
  if (ts.isVariableDeclaration(n) && ts.isVariableDeclarationList(n.parent) && n.parent.declarations.length === 1 && ts.isVariableStatement(n.parent.parent)) {
    n = n.parent.parent;
  }
  const sf = n.getSourceFile();
  if (!inside(sf.fileName)) return null;
  const start = sf.getLineAndCharacterOfPosition(n.getStart(sf, true)).line + 1;
  const end = sf.getLineAndCharacterOfPosition(n.getEnd()).line + 1;
  return { file: sf.fileName, start, end };
}

function moduleFile(decls: ts.Declaration[] | undefined): string | null {
  const sf = decls?.find((d) => ts.isSourceFile(d));
  return sf ? (sf as ts.SourceFile).fileName : null;
}

/** `src/utils/index.ts` among entries all under `src/` → `utils`. */
export function moduleName(entry: string, entries: string[]): string {
  const strip = (p: string): string => p.replace(/\.d\.[mc]?ts$|\.[mc]?tsx?$/, '');
  const dirs = entries.map((e) => e.split('/').slice(0, -1));
  let common = dirs[0] ?? [];
  for (const d of dirs) {
    let i = 0;
    while (i < common.length && common[i] === d[i]) i++;
    common = common.slice(0, i);
  }
  const segs = strip(entry).split('/');
  let name = segs.slice(segs.slice(0, common.length).join('/') === common.join('/') ? common.length : 0).join('/');
  if (name.endsWith('/index')) name = name.slice(0, -'/index'.length);
  return name || 'index';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Walker {
  md: CommentMarkdown;
  sourcesOf(id: number): TsSource[];
  modules: TsModule[];
}

function addModule(w: Walker, container: ProjectReflection | DeclarationReflection, name: string, entry: string | null, parent: number | null = null, prefix = ''): void {
  const symbols: TsSymbol[] = [];
  for (const child of container.children ?? []) {
    if (child.kind === ReflectionKind.Module) continue;
    const qn = `${prefix}${child.name}`;
    const sym = symbolOf(w, child, qn);
    symbols.push(sym);
    if (child.kind === ReflectionKind.Namespace) addModule(w, child, `${name}/${qn}`, null, container.id, `${qn}.`);
  }
  symbols.sort((a, b) => cmp(a.name, b.name) || a.id - b.id);
  w.modules.push({ id: container.id, name, entryPoint: entry, doc: w.md.doc(container.comment), symbols, parent });
}

const KIND: [ReflectionKind, TsSymbolKind][] = [
  [ReflectionKind.Class, 'class'],
  [ReflectionKind.Interface, 'interface'],
  [ReflectionKind.Function, 'function'],
  [ReflectionKind.TypeAlias, 'type'],
  [ReflectionKind.Enum, 'enum'],
  [ReflectionKind.Variable, 'variable'],
  [ReflectionKind.Namespace, 'namespace'],
  [ReflectionKind.Reference, 'reference'],
  [ReflectionKind.Constructor, 'constructor'],
  [ReflectionKind.Property, 'property'],
  [ReflectionKind.Method, 'method'],
  [ReflectionKind.Accessor, 'accessor'],
  [ReflectionKind.EnumMember, 'enum-member'],
];
const MEMBER_ORDER: TsSymbolKind[] = ['constructor', 'property', 'accessor', 'method', 'enum-member', 'other'];

function symbolOf(w: Walker, refl: DeclarationReflection, qn: string): TsSymbol {
  const kind = KIND.find(([k]) => refl.kind === k)?.[1] ?? 'other';
  const sig: SignatureReflection | undefined = refl.signatures?.[0] ?? refl.getSignature ?? refl.setSignature;
  const comment = refl.comment ?? sig?.comment;
  const typeParameters: TsNamedDoc[] = (refl.typeParameters ?? sig?.typeParameters ?? []).map((tp) => ({ name: tp.name, doc: w.md.parts(tp.comment?.summary ?? []) }));
  const parameters: TsNamedDoc[] = (sig?.parameters ?? [])
    .map((p) => ({ name: p.name, doc: w.md.parts(p.comment?.summary ?? []) }))
    .filter((p) => p.doc.trim() !== '');
  const members: TsSymbol[] = [];
  if (kind === 'class' || kind === 'interface' || kind === 'enum') {
    for (const child of refl.children ?? []) {
      if (child.inheritedFrom) continue; // shown on the base type
      members.push(symbolOf(w, child, `${qn}.${child.name}`));
    }
    members.sort((a, b) => MEMBER_ORDER.indexOf(a.kind) - MEMBER_ORDER.indexOf(b.kind) || cmp(a.name, b.name) || a.id - b.id);
  }
  let target: number | undefined;
  let sources = w.sourcesOf(refl.id);
  if (kind === 'reference' && 'getTargetReflectionDeep' in refl) {
    const t = (refl as unknown as { getTargetReflectionDeep(): Reflection }).getTargetReflectionDeep();
    target = t.id;
    if (sources.length === 0) sources = w.sourcesOf(t.id);
  }
  const signatures =
    kind === 'reference'
      ? [[{ text: 'export { ' }, { text: refl.name, ...(target !== undefined ? { target } : {}) }, { text: ' }' }]]
      : declarationSignatures(refl);
  return { id: refl.id, name: refl.name, qualifiedName: qn, kind, signatures, doc: w.md.doc(comment), typeParameters, parameters, sources, members, ...(target !== undefined ? { target } : {}) };
}

/** TypeDoc comment parts → Markdown with placeholder link targets. */
class CommentMarkdown {
  private readonly root: string;
  private readonly inside: (p: string) => boolean;
  private readonly rel: (p: string) => string;

  constructor(root: string, inside: (p: string) => boolean, rel: (p: string) => string) {
    this.root = root;
    this.inside = inside;
    this.rel = rel;
  }

  private source = '';

  doc(comment: Comment | undefined): TsDoc | null {
    if (!comment) return null;
    this.source = comment.sourcePath ?? '';
    const doc: TsDoc = { summary: this.parts(comment.summary), examples: [], deprecated: null, since: null, see: [], returns: null, throws: [], other: [] };
    for (const tag of comment.blockTags) {
      const text = this.parts(tag.content);
      switch (tag.tag) {
        case '@example':
          doc.examples.push(text);
          break;
        case '@deprecated':
          doc.deprecated = text;
          break;
        case '@since':
          doc.since = text.trim();
          break;
        case '@see':
          doc.see.push(text);
          break;
        case '@returns':
        case '@return':
          doc.returns = text;
          break;
        case '@throws':
          doc.throws.push(text);
          break;
        case '@remarks':
          doc.summary += `\n\n${text}`;
          break;
        default:
          doc.other.push([tag.tag.slice(1), text]);
      }
    }
    if (comment.modifierTags.has('@deprecated') && doc.deprecated === null) doc.deprecated = '';
    for (const tag of [...comment.modifierTags].sort()) {
      if (tag !== '@deprecated') doc.other.push([tag.slice(1), '']);
    }
    return doc;
  }

  parts(parts: readonly CommentDisplayPart[]): string {
    let out = '';
    for (const part of parts) {
      if (part.kind === 'text' || part.kind === 'code') out += part.text;
      else if (part.kind === 'relative-link') {
        const target = this.source ? resolve(dirname(this.source), decodeURI(part.text)) : '';
        out += target && this.inside(target) && target !== this.root ? `lw-file:${encodeURI(this.rel(target))}` : '#';
      } else if (part.tag === '@link' || part.tag === '@linkcode' || part.tag === '@linkplain') {
        const label = (part.tag === '@linkcode' ? '`' + part.text.replace(/`/g, '') + '`' : part.text.replace(/[[\]]/g, '\\$&')) || '?';
        const target = part.target;
        if (target instanceof Reflection) out += `[${label}](lw-sym:${target.id})`;
        else if (typeof target === 'string' && /^https?:\/\//i.test(target)) out += `[${label}](<${target.replace(/[<>\s]/g, encodeURIComponent)}>)`;
        else out += label;
      } else out += part.text;
    }
    return out.trim();
  }
}

/** Import specifiers of the package's own files that do not resolve (dependencies not installed). */
function unresolvedImports(programs: readonly ts.Program[], options: ts.CompilerOptions, inside: (p: string) => boolean): string[] {
  const missing = new Set<string>();
  for (const program of programs) {
    const cache = ts.createModuleResolutionCache(program.getCurrentDirectory(), (s) => s, options);
    for (const sf of program.getSourceFiles()) {
      if (!inside(sf.fileName) || program.isSourceFileDefaultLibrary(sf)) continue;
      for (const stmt of sf.statements) {
        const specifier = ts.isImportDeclaration(stmt) || ts.isExportDeclaration(stmt) ? stmt.moduleSpecifier : undefined;
        if (!specifier || !ts.isStringLiteral(specifier) || missing.has(specifier.text)) continue;
        const spec = specifier.text;
        const mode = program.getModeForUsageLocation(sf, specifier);
        const result = ts.resolveModuleName(spec, sf.fileName, options, ts.sys, cache, undefined, mode);
        if (!result.resolvedModule) missing.add(spec);
      }
    }
  }
  return [...missing].sort().slice(0, 20);
}

// Entry: `node child.ts <request json>` → model JSON on stdout.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const req = JSON.parse(process.argv[2] ?? '{}') as ChildRequest;
    const model = await convertPackage(req);
    process.stdout.write(JSON.stringify(model));
  } catch (error) {
    process.stderr.write(`livewiki-ts-child: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  }
}
