// Shared fixtures for the TypeScript extractor tests: RepoFiles over a real git commit.
import type { CacheStore } from '../../src/cache/index.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { ExtractedPage } from '../../src/model/extracted.ts';
import { fillBody } from '../../src/render/body.ts';
import { createTemplateEnv } from '../../src/render/handlebars.ts';
import { extractTypeScript, type RepoFiles, type TsPackage } from '../../src/extract/typescript/index.ts';
import type { RunLimits } from '../../src/extract/typescript/runner.ts';
import type { TestRepo } from '../helpers/git-repo.ts';

/** Tracked files at HEAD, read from git (not the working tree). */
export function repoFiles(repo: TestRepo, id = 'demo'): RepoFiles {
  const paths = repo.git('ls-tree', '-r', '--name-only', '-z', 'HEAD').split('\0').filter(Boolean).sort();
  const tracked = new Set(paths);
  return {
    repo: id,
    root: repo.root,
    paths,
    read: (path) => (tracked.has(path) ? repo.git('show', `HEAD:${path}`) : null),
  };
}

export const templates = createTemplateEnv();

export const fileUrl = (path: string, line: number): string => `https://forge.example/demo/blob/HEAD/${path}#L${line}`;

/** A page body whose badges are visible markers, so tests can see where badges go. */
export function bodyOf(page: ExtractedPage): string {
  return fillBody(page.body, (anchor) => `<span data-badge="${anchor}"></span>`);
}

export async function extract(
  files: RepoFiles,
  pkg: TsPackage,
  options: { store?: CacheStore | null; limits?: RunLimits } = {},
): Promise<{ pages: ExtractedPage[]; diagnostics: Diagnostics; bodies: Map<string, string> }> {
  const diagnostics = new Diagnostics();
  const pages = await extractTypeScript({
    files,
    pkg,
    templates,
    diagnostics,
    store: options.store ?? null,
    headSha: null,
    fileUrl,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  return { pages, diagnostics, bodies: new Map(pages.map((p) => [p.route, bodyOf(p)])) };
}

/** Commit shas that `git blame --first-parent` gives for lines a..b of path at HEAD. */
export function blameShas(repo: TestRepo, path: string, [a, b]: [number, number]): string[] {
  const out = repo.git('blame', '--first-parent', '--porcelain', '-L', `${a},${b}`, 'HEAD', '--', path);
  return [...new Set(out.split('\n').filter((l) => /^[0-9a-f]{40} \d+ \d+/.test(l)).map((l) => l.slice(0, 40)))].sort();
}
