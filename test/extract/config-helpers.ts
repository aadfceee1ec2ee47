// Helpers for the configuration extractor tests: a RepoFiles adapter over a folder or an
// in-memory map, and a reader for the rendered key table.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { ExtractedPage } from '../../src/model/extracted.ts';
import { fillBody } from '../../src/render/body.ts';
import { createTemplateEnv } from '../../src/render/handlebars.ts';
import { discoverConfig, extractConfig, type RepoFiles } from '../../src/extract/config/index.ts';
import { CODEOWNERS_PATHS, parseCodeowners } from '../../src/snapshot/owners.ts';

export const templates = createTemplateEnv();

export function folderFiles(repo: string, root: string): RepoFiles {
  const paths = (readdirSync(root, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((p) => statSync(join(root, p)).isFile())
    .map((p) => p.split('\\').join('/'))
    .sort();
  return { repo, paths, read: (p) => (paths.includes(p) ? readFileSync(join(root, p), 'utf8') : null) };
}

export function memoryFiles(repo: string, files: Record<string, string>): RepoFiles {
  const paths = Object.keys(files).sort();
  return { repo, paths, read: (p) => (Object.hasOwn(files, p) ? (files[p] ?? null) : null) };
}

/** Discovery and extraction as the extract stage runs them (owners parsed as the snapshot does). */
export function extractAll(files: RepoFiles, globs: { include?: string[]; exclude?: string[] } = {}) {
  const diagnostics = new Diagnostics();
  const ownersFile = CODEOWNERS_PATHS.find((p) => files.read(p) !== null);
  const owners = ownersFile ? parseCodeowners(files.read(ownersFile)!, ownersFile, files.repo, diagnostics) : [];
  const found = discoverConfig(files, globs, diagnostics);
  const units = extractConfig({ files, found, owners, templates });
  for (const unit of units) for (const d of unit.diagnostics) diagnostics.add(d);
  return { found, pages: units.flatMap((u) => u.pages), diagnostics };
}

/** A page body whose badges are visible markers, so tests can see where they land. */
export function body(page: ExtractedPage): string {
  return fillBody(page.body, (anchor) => `<span class="test-badge" data-for="${anchor}"></span>`);
}

function unescape(html: string): string {
  return html
    .replace(/<br>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export interface Row {
  anchor: string;
  key: string;
  type: string;
  value: string;
  description: string;
}

/** The key table rows of a rendered config page, unescaped. */
export function rows(page: ExtractedPage): Row[] {
  const html = body(page);
  const out: Row[] = [];
  for (const m of html.matchAll(/<tr(?: id="([^"]*)")? class="lw-config-level-\d+"><td><code>(.*?)<\/code>.*?<\/td><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/gs)) {
    out.push({ anchor: m[1] ?? '', key: unescape(m[2] ?? ''), type: unescape(m[3] ?? ''), value: unescape(m[4] ?? ''), description: unescape(m[5] ?? '') });
  }
  return out;
}

export function row(page: ExtractedPage, key: string): Row {
  const r = rows(page).find((x) => x.key === key);
  if (!r) throw new Error(`no row ${key} on ${page.id}`);
  return r;
}

export function lines(page: ExtractedPage, key: string): [number, number] | undefined {
  return page.sections.find((s) => s.key === key)?.sources[0]?.lines;
}
