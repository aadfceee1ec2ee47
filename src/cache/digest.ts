// What every cache key includes besides the content: the tool (its version and a digest of its
// own sources, so an edited livewiki never reads entries an older one wrote) and the config.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/load.ts';
import { GENERATOR } from '../pipeline/generator.ts';
import { sha256 } from './store.ts';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function listFiles(dir: string): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

let toolDigestMemo: string | null = null;

/** Version plus the bytes of `src/` and `templates/` (~1 ms per 100 files; computed once). */
export function toolDigest(): string {
  if (toolDigestMemo) return toolDigestMemo;
  const files = [...listFiles(join(PACKAGE_ROOT, 'src')), ...listFiles(join(PACKAGE_ROOT, 'templates'))]
    .map((f) => relative(PACKAGE_ROOT, f).split('\\').join('/'))
    .sort();
  const parts: (string | Buffer)[] = [GENERATOR.name, GENERATOR.version];
  for (const f of files) parts.push(f, readFileSync(join(PACKAGE_ROOT, f)));
  toolDigestMemo = sha256(...parts);
  return toolDigestMemo;
}

/** The project's template overrides (names and bytes): cached pages and bodies are rendered with them. */
export function templatesDigest(dir: string | null): string {
  if (dir === null) return '';
  const files = listFiles(dir)
    .filter((f) => f.endsWith('.hbs'))
    .map((f) => relative(dir, f).split('\\').join('/'))
    .sort();
  const parts: (string | Buffer)[] = [];
  for (const f of files) parts.push(f, readFileSync(join(dir, f)));
  return sha256(...parts);
}

/**
 * The configuration as far as it can change cached results: repositories (by name, not by the
 * absolute path of the checkout, which differs between CI runners), selections, links, tickets,
 * template overrides (rendered pages are cached). The output folder and other presentation-only
 * keys are left out on purpose.
 */
export function configDigest(config: ResolvedConfig): string {
  const relevant = {
    repos: config.repos.map((r) => ({ name: r.name, include: r.include, exclude: r.exclude, links: r.links, openapi: r.openapi, config: r.config })),
    tickets: config.tickets,
    showEmails: config.showEmails,
    templates: templatesDigest(config.templatesDir),
  };
  return sha256(JSON.stringify(relevant));
}
