// Which sources have a change history, and where each of their sections lives now: the extract
// stage's units (a document, an API description, a configuration file, a TypeScript package),
// with their pages' sections indexed by kind and key.
import { discoverConfig } from '../extract/config/index.ts';
import type { ExtractedRepo } from '../extract/index.ts';
import { Diagnostics } from '../model/diagnostics.ts';
import type { ExtractedPage, SectionKind } from '../model/extracted.ts';
import type { RepoFiles, RepoSnapshot } from '../model/snapshot.ts';

export interface SectionHome {
  pageId: string;
  route: string;
  anchor: string;
  /** The section's key as `livewiki.json` publishes it (a heading's text, not its anchor). */
  key: string;
  /** The section's first source file (its forge history is the section's full history). */
  path: string;
}

export interface Source {
  repo: string;
  kind: 'openapi' | 'config' | 'markdown' | 'typescript';
  /** The file whose versions are compared (the spec's root, the document, the config file); the package directory for TypeScript. */
  path: string;
  /** Every file the source is made of today, `path` first (an OpenAPI root and the files it `$ref`s). */
  files: string[];
  /** Config files: the extractor's kind (compose, Helm values…), which decides the parser. */
  configKind: string | null;
  pages: ExtractedPage[];
  /** `<section kind>\0<key>` → where the section is now (Markdown: by anchor; TypeScript: `symbol\0<module>:<key>`). */
  homes: Map<string, SectionHome>;
}

export function homeKey(kind: SectionKind, key: string): string {
  return `${kind}\0${key}`;
}

const UNIT_KIND: Partial<Record<ExtractedPage['kind'], Source['kind']>> = { doc: 'markdown', openapi: 'openapi', config: 'config', typescript: 'typescript' };

/** The sources of one repository with a change history, in the extract stage's unit order. */
export function listSources(extracted: ExtractedRepo, snapshot: RepoSnapshot, files: RepoFiles): Source[] {
  let configKinds: Map<string, string> | null = null;
  const out: Source[] = [];
  for (const unit of extracted.units) {
    const first = unit.pages[0];
    const kind = first ? UNIT_KIND[first.kind] : undefined;
    if (!first || !kind) continue;
    let configKind: string | null = null;
    if (kind === 'config') {
      configKinds ??= new Map(discoverConfig(files, snapshot.config, new Diagnostics()).map((f) => [f.path, f.kind]));
      configKind = configKinds.get(unit.source) ?? null;
      // Real `.env` files show key names only and are never cached; their history is left out.
      if (configKind === null || configKind === 'secret-file') continue;
    }
    const homes = new Map<string, SectionHome>();
    for (const page of unit.pages) {
      // TypeScript module pages are `<package page id>/<module>`; their keys are qualified within the module.
      const module = kind === 'typescript' && page.id !== first.id ? page.id.slice(first.id.length + 1) : null;
      for (const s of page.sections) {
        // Markdown sections are compared by anchor (the engine matches headings by it).
        const key = module !== null ? homeKey(s.kind, `${module}:${s.key}`) : homeKey(s.kind, kind === 'markdown' ? s.anchor : s.key);
        if (!homes.has(key)) homes.set(key, { pageId: page.id, route: page.route, anchor: s.anchor, key: s.key, path: s.sources[0]?.path ?? unit.source });
      }
    }
    const made = new Set([unit.source]);
    if (kind === 'openapi') for (const page of unit.pages) for (const ref of [...page.sources, ...page.sections.flatMap((s) => s.sources)]) if (ref.repo === extracted.repo) made.add(ref.path);
    out.push({ repo: extracted.repo, kind, path: unit.source, files: [...made], configKind, pages: unit.pages, homes });
  }
  return out;
}
