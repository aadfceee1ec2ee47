// The Handlebars environment: templates are ours (or the configuring project's overrides) and
// trusted; data is untrusted. RELIABILITY §1.2 / §6: isolated instance, strict, known helpers
// only, escaping on; `{{{triple}}}` only for fields named `*Html` that hold our own output.

import Handlebars from 'handlebars';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
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
}

export interface TemplateEnvOptions {
  /** The configuring project's `templates/` folder: a file there replaces ours by the same name. */
  overridesDir?: string | null;
}

/** Template names and sources: ours, then overrides by the same name. */
function loadSources(overridesDir: string | null | undefined): Map<string, string> {
  const sources = new Map<string, string>();
  for (const dir of [TEMPLATES_DIR, overridesDir]) {
    if (!dir || !existsSync(dir)) continue;
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
      if (!file.endsWith('.hbs')) continue;
      const name = relative(dir, join(dir, file)).split(sep).join('/').replace(/\.hbs$/, '');
      sources.set(name, readFileSync(join(dir, file), 'utf8'));
    }
  }
  return sources;
}

export function createTemplateEnv(options: TemplateEnvOptions = {}): TemplateEnv {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
  const sources = loadSources(options.overridesDir);
  const compileOptions: CompileOptions = { strict: true, knownHelpersOnly: true, knownHelpers, preventIndent: true, noEscape: false };
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const [name, source] of sources) {
    // Partials let templates include each other by name (`{{> page/provenance}}`).
    hb.registerPartial(name, hb.compile(source, compileOptions));
  }
  // Slot markers carry a random nonce, so no repository text can forge one; they never reach the
  // output (`parts` cuts them out), so the nonce does not make builds differ.
  const nonce = randomBytes(9).toString('hex');
  const slotIds = new Map<string, number>();
  const slotAnchors: string[] = [];
  const marker = new RegExp(`\u0001lw-slot:${nonce}:(\\d+)\u0001`, 'g');
  return {
    render(name, data) {
      let template = compiled.get(name);
      if (!template) {
        const source = sources.get(name);
        if (source === undefined) throw new Error(`Template "${name}" not found in ${TEMPLATES_DIR}`);
        template = hb.compile(source, compileOptions);
        compiled.set(name, template);
      }
      try {
        return template(data);
      } catch (error) {
        throw new Error(`Template "${name}" failed: ${(error as Error).message}`, { cause: error });
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
    digest: sha256(...[...sources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flat()),
  };
}
