// The Handlebars environment: templates are ours (or the configuring project's overrides) and
// trusted; data is untrusted. RELIABILITY §1.2 / §6: isolated instance, strict, known helpers
// only, escaping on; `{{{triple}}}` only for fields named `*Html` that hold our own output.

import Handlebars from 'handlebars';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config/load.ts';
import type { BodyPart, TemplateRenderer } from '../model/templates.ts';
import { sha256 } from '../utils/digest.ts';
import { formatDate } from './dates.ts';

export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

const helpers: Record<string, Handlebars.HelperDelegate> = {
  /** `{{date iso}}` → `2024-05-01` (UTC), for display next to a precise `title`. */
  date: (iso: unknown) => (typeof iso === 'string' ? formatDate(iso) : ''),
  /** `{{#if (eq a b)}}` */
  eq: (a: unknown, b: unknown) => a === b,
  /** `{{short sha}}` → first 8 characters of a commit id. */
  short: (sha: unknown) => (typeof sha === 'string' ? sha.slice(0, 8) : ''),
  /** `{{plural n "change" "changes"}}` */
  plural: (n: unknown, one: unknown, many: unknown) => (n === 1 ? String(one) : String(many)),
  /** `{{join names ", "}}` over an array of strings. */
  join: (items: unknown, separator: unknown) =>
    Array.isArray(items) ? items.map(String).join(typeof separator === 'string' ? separator : ', ') : '',
  /** `{{gt a b}}` for lengths. */
  gt: (a: unknown, b: unknown) => Number(a) > Number(b),
};

const knownHelpers: Record<string, boolean> = Object.fromEntries(Object.keys(helpers).map((name) => [name, true]));

export interface TemplateEnv extends TemplateRenderer {
  /** Names of all templates loaded (overrides included). */
  names(): string[];
  /**
   * The first template error met while rendering (a missing field, in strict mode), or null.
   * Extractors turn a failed render into a source diagnostic; the runner stops with this instead,
   * since a broken override is a configuration error, not a problem of the source.
   */
  readonly failure: TemplateError | null;
}

export interface TemplateEnvOptions {
  /** The configuring project's `templates/` folder: a file there replaces ours by the same name. */
  overridesDir?: string | null;
  /** Also compile and lint livewiki's own templates (tests). */
  checkAll?: boolean;
}

/**
 * A template that does not compile, breaks the lint or fails while rendering: a configuration
 * error (exit 2) located at the template file, line and column.
 */
export class TemplateError extends ConfigError {
  readonly template: string;
  readonly line: number | null;
  readonly column: number | null;
  constructor(template: string, file: string, line: number | null, column: number | null, what: string) {
    super(`${file}${line === null ? '' : `:${line}${column === null ? '' : `:${column}`}`}: template ${template}: ${what}`, file);
    this.name = 'TemplateError';
    this.template = template;
    this.line = line;
    this.column = column;
  }
}

interface TemplateSource {
  source: string;
  /** The file it was read from (shown in errors). */
  file: string;
  /** True for a file of the configuring project's overrides folder. */
  override: boolean;
}

/** Template names and sources: ours, then overrides by the same name. */
function loadSources(overridesDir: string | null | undefined): Map<string, TemplateSource> {
  const sources = new Map<string, TemplateSource>();
  for (const dir of [TEMPLATES_DIR, overridesDir]) {
    if (!dir || !existsSync(dir)) continue;
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
      if (!file.endsWith('.hbs')) continue;
      const name = relative(dir, join(dir, file)).split(sep).join('/').replace(/\.hbs$/, '');
      sources.set(name, { source: readFileSync(join(dir, file), 'utf8'), file: join(dir, file), override: dir !== TEMPLATES_DIR });
    }
  }
  return sources;
}

const COMPILE_OPTIONS: CompileOptions = { strict: true, knownHelpersOnly: true, knownHelpers, preventIndent: true, noEscape: false };

/** Line and column (1-based) Handlebars put on an exception, if any. */
function positionOf(error: unknown): { line: number | null; column: number | null } {
  const e = error as { lineNumber?: unknown; column?: unknown; message?: unknown };
  if (typeof e.lineNumber === 'number') return { line: e.lineNumber, column: typeof e.column === 'number' ? e.column + 1 : null };
  const m = /^Parse error on line (\d+)/.exec(String(e.message));
  return { line: m ? Number(m[1]) : null, column: null };
}

/** Handlebars' message without its own " - line:col" suffix or the parser's source excerpt. */
function whatOf(error: unknown): string {
  const message = String((error as Error).message ?? error);
  const parse = /^Parse error on line \d+:\n[\s\S]*\n(Expecting [\s\S]*)$/.exec(message);
  if (parse) return `does not parse: ${parse[1]!.replace(/\s+/g, ' ')}`;
  return message.replace(/ - \d+:\d+$/, '').replace(/ in \[object Object\]$/, ' in the data here');
}

/**
 * Compiles every template before anything is rendered and lints it (RELIABILITY T1-T5): it
 * parses; every helper is one of ours or a Handlebars built-in (`knownHelpersOnly`, which also
 * stops the CVE-2021-23369 gadget chain); `{{{triple}}}` / `{{& ...}}` only print a field named
 * `*Html` (or `html`), or `this` inside `{{#each *Html}}`: our sanitized HTML, never repository
 * text; partials are named statically and exist; no decorators.
 */
function checkTemplate(name: string, t: TemplateSource, names: ReadonlySet<string>, hb: typeof Handlebars): void {
  let ast: hbs.AST.Program;
  try {
    ast = hb.parse(t.source);
    hb.precompile(t.source, COMPILE_OPTIONS);
  } catch (error) {
    const { line, column } = positionOf(error);
    throw new TemplateError(name, t.file, line, column, whatOf(error));
  }
  const fail = (node: hbs.AST.Node, what: string): never => {
    throw new TemplateError(name, t.file, node.loc?.start.line ?? null, node.loc ? node.loc.start.column + 1 : null, what);
  };
  const isHtmlName = (part: string | undefined): boolean => part !== undefined && /^(?:html|.*[a-z0-9]Html)$/.test(part);
  const walk = (program: hbs.AST.Program | undefined, thisIsHtml: boolean): void => {
    for (const node of program?.body ?? []) {
      switch (node.type) {
        case 'MustacheStatement': {
          const m = node as hbs.AST.MustacheStatement;
          if (m.escaped) break;
          const path = m.path.type === 'PathExpression' ? (m.path as hbs.AST.PathExpression) : null;
          const plain = path !== null && m.params.length === 0 && !m.hash;
          const last = path?.parts.at(-1);
          const ok = plain && !path.data && (isHtmlName(last) || (last === undefined && thisIsHtml));
          if (!ok) {
            const shown = path?.original ?? 'an expression';
            fail(node, `{{{${shown}}}} prints ${shown} without escaping; triple braces are only for fields named *Html (livewiki's sanitized HTML). Use {{${shown}}}.`);
          }
          break;
        }
        case 'BlockStatement': {
          const b = node as hbs.AST.BlockStatement;
          const head = b.path.type === 'PathExpression' ? (b.path as hbs.AST.PathExpression).original : '';
          const param = b.params[0];
          const overHtml = head === 'each' && param?.type === 'PathExpression' && isHtmlName((param as hbs.AST.PathExpression).parts.at(-1));
          walk(b.program, overHtml);
          walk(b.inverse, thisIsHtml);
          break;
        }
        case 'PartialStatement':
        case 'PartialBlockStatement': {
          const p = node as hbs.AST.PartialStatement;
          if (p.name.type !== 'PathExpression') fail(node, 'a partial named by an expression is not allowed; name it: {{> page/badge}}');
          const partial = (p.name as hbs.AST.PathExpression).original;
          if (!names.has(partial)) fail(node, `the partial ${partial} does not exist (templates: ${[...names].sort().join(', ')})`);
          if (node.type === 'PartialBlockStatement') walk((node as hbs.AST.PartialBlockStatement).program, thisIsHtml);
          break;
        }
        case 'Decorator':
        case 'DecoratorBlock':
          fail(node, 'decorators (and inline partials) are not supported');
      }
    }
  };
  walk(ast, false);
}

export function createTemplateEnv(options: TemplateEnvOptions = {}): TemplateEnv {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
  // No partial can come from Object.prototype (CVE-2026-33916): the map has no prototype.
  (hb as { partials: unknown }).partials = Object.create(null);
  const sources = loadSources(options.overridesDir);
  const names = new Set(sources.keys());
  // Ours are checked by the test suite ("accepts every template livewiki ships"); overrides here,
  // before anything is rendered (compiling all of ours eagerly would cost every build ~0.5 s).
  for (const [name, t] of sources) if (t.override || options.checkAll) checkTemplate(name, t, names, hb);
  let failure: TemplateError | null = null;
  /** A render error, located in the template (or partial) where it happened. */
  const located = (name: string, error: unknown): TemplateError => {
    let e: TemplateError;
    if (error instanceof TemplateError) e = error;
    else {
      const { line, column } = positionOf(error);
      const what = /not defined in/.test(String((error as Error).message))
        ? `${whatOf(error)} (the template uses a field its data does not have; check the spelling)`
        : whatOf(error);
      e = new TemplateError(name, sources.get(name)!.file, line, column, what);
    }
    failure ??= e;
    return e;
  };
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const [name, t] of sources) {
    const template = hb.compile(t.source, COMPILE_OPTIONS);
    compiled.set(name, template);
    // Partials let templates include each other by name (`{{> page/provenance}}`); each is wrapped
    // so an error inside it names it, not the page that included it.
    hb.registerPartial(name, ((context: unknown, opts?: Handlebars.RuntimeOptions) => {
      try {
        return template(context, opts);
      } catch (error) {
        throw located(name, error);
      }
    }) as unknown as Handlebars.Template);
  }
  // Slot markers carry a random nonce, so no repository text can forge one; they never reach the
  // output (`parts` cuts them out), so the nonce does not make builds differ.
  const nonce = randomBytes(9).toString('hex');
  const slotIds = new Map<string, number>();
  const slotAnchors: string[] = [];
  const marker = new RegExp(`\u0001lw-slot:${nonce}:(\\d+)\u0001`, 'g');
  return {
    render(name, data) {
      const template = compiled.get(name);
      if (!template) throw new Error(`Template "${name}" not found in ${TEMPLATES_DIR}`);
      try {
        return template(data);
      } catch (error) {
        throw located(name, error);
      }
    },
    escape: (text) => hb.Utils.escapeExpression(text),
    slot(anchor) {
      let id = slotIds.get(anchor);
      if (id === undefined) {
        id = slotAnchors.push(anchor) - 1;
        slotIds.set(anchor, id);
      }
      return `\u0001lw-slot:${nonce}:${id}\u0001`;
    },
    parts(html) {
      const out: BodyPart[] = [];
      let last = 0;
      for (const m of html.matchAll(marker)) {
        if (m.index > last) out.push(html.slice(last, m.index));
        out.push({ section: slotAnchors[Number(m[1])]! });
        last = m.index + m[0].length;
      }
      if (last < html.length) out.push(html.slice(last));
      return out;
    },
    names: () => [...sources.keys()].sort(),
    get failure() {
      return failure;
    },
    digest: sha256(...[...sources].map(([name, t]) => [name, t.source] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flat()),
  };
}
