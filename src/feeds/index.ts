// The feeds stage (issue 15.2): Atom and JSON Feed files for the whole wiki, each repository,
// each CODEOWNERS owner and each API specification, bounded to the newest 50 landed changes, and
// `sitemap.xml` with each page's last change as `lastmod`. Output files only (the output gate
// scans them like every other file); pages get autodiscovery links to the feeds that concern them.

import { shortHash, slugSegment } from '../model/ids.ts';
import type { Page } from '../model/page.ts';
import type { SiteFile, SitePage } from '../model/site.ts';
import type { ProvenanceOptions } from '../provenance/attach.ts';
import { EntryIndex, FEED_SIZE, mergeEntries, type FeedEntry, type RepoFeedInput } from './entries.ts';
import { atom, jsonFeed, sitemaps, type FeedMeta, type Links } from './write.ts';

export type { RepoFeedInput } from './entries.ts';
export { FEED_SIZE } from './entries.ts';

export interface FeedLink {
  title: string;
  /** Site route of the file (`/feeds/all.atom`). */
  href: string;
  type: 'application/atom+xml' | 'application/feed+json';
}

export interface FeedsInput {
  title: string;
  records: readonly Page[];
  repos: readonly RepoFeedInput[];
  /** The `site` URL when configured, else null (relative links; no sitemap). */
  base: string | null;
  generator: { name: string; version: string };
  options: ProvenanceOptions;
  /** Routes the wiki's pages take (the feeds folder avoids them). */
  routes: readonly string[];
}

export interface FeedsResult {
  files: SiteFile[];
  /** Feeds by what they follow: `all`, `repo:<id>`, `owner:<owner>`, `api:<repo>\0<path>`. */
  links: Map<string, FeedLink[]>;
}

function feedsDir(routes: readonly string[]): string {
  const taken = (dir: string) => routes.some((r) => r === `/${dir}/` || r.startsWith(`/${dir}/`));
  let dir = 'feeds';
  for (let i = 2; taken(dir); i++) dir = `feeds-${i}`;
  return dir;
}

/** A file name for a free-form name (an owner, a spec path), unique by a short hash when slugging loses something. */
function fileSlug(name: string): string {
  const slug = slugSegment(name.replace(/^@/, '').replace(/\//g, '-')) || 'x';
  return slug === name ? slug : `${slug}-${shortHash(name, 6)}`;
}

export async function feedStage(input: FeedsInput): Promise<FeedsResult> {
  const links: Links = { base: input.base, generator: input.generator };
  const index = new EntryIndex(input.records, new Map(input.repos.map((r) => [r.id, r])), input.options);
  const dir = feedsDir(input.routes);
  const files: SiteFile[] = [];
  const out = new Map<string, FeedLink[]>();
  const newestHead = input.repos.map((r) => r.history.commits.find((c) => c.sha === r.history.head)?.committedAt ?? '').sort().at(-1) || '1970-01-01T00:00:00Z';
  const emit = (key: string, meta: Omit<FeedMeta, 'fallbackUpdated'>, entries: FeedEntry[]) => {
    const m: FeedMeta = { ...meta, fallbackUpdated: newestHead };
    files.push({ outPath: `${m.path}.atom`, content: atom(m, entries, links) }, { outPath: `${m.path}.json`, content: jsonFeed(m, entries, links) });
    out.set(key, [
      { title: `${meta.title} (Atom)`, href: `/${m.path}.atom`, type: 'application/atom+xml' },
      { title: `${meta.title} (JSON Feed)`, href: `/${m.path}.json`, type: 'application/feed+json' },
    ]);
  };

  const perRepo: FeedEntry[][] = [];
  for (const repo of input.repos) {
    const entries = await index.newest(repo.id, index.pagePaths(repo.id));
    perRepo.push(entries);
    const root = input.records.find((p) => p.kind === 'repo-overview' && p.repo === repo.id);
    emit(`repo:${repo.id}`, { path: `${dir}/repo/${fileSlug(repo.id)}`, title: `${repo.id}: documentation changes`, description: `Changes to the pages of ${repo.id}, newest first (at most ${FEED_SIZE}).`, home: root?.route ?? `/${repo.id}/` }, entries);
  }
  emit('all', { path: `${dir}/all`, title: `${input.title}: documentation changes`, description: `Every change that landed on a page of this wiki, newest first (at most ${FEED_SIZE}).`, home: '/' }, mergeEntries(perRepo));

  // Owners: the changes of the pages each CODEOWNERS owner owns, over every repository.
  const owned = new Map<string, Map<string, Set<string>>>();
  for (const page of input.records) {
    for (const owner of page.owners ?? []) {
      let byRepo = owned.get(owner);
      if (!byRepo) owned.set(owner, (byRepo = new Map()));
      for (const s of page.sources) {
        const set = byRepo.get(s.repo) ?? new Set<string>();
        set.add(s.path);
        byRepo.set(s.repo, set);
      }
    }
  }
  for (const owner of [...owned.keys()].sort()) {
    const lists: FeedEntry[][] = [];
    for (const [repo, paths] of [...owned.get(owner)!].sort(([a], [b]) => (a < b ? -1 : 1))) lists.push(await index.newest(repo, [...paths].sort()));
    emit(`owner:${owner}`, { path: `${dir}/owner/${fileSlug(owner)}`, title: `Owned by ${owner}: documentation changes`, description: `Changes to the pages ${owner} owns (CODEOWNERS), newest first (at most ${FEED_SIZE}).`, home: '/' }, mergeEntries(lists));
  }

  // API specifications: every file an API's pages come from (the root and its $ref files).
  const specs = new Map<string, { repo: string; path: string; paths: Set<string>; home: string; title: string }>();
  for (const page of input.records) {
    const root = page.kind === 'openapi' ? page.sources[0] : undefined;
    if (!root) continue;
    const key = `${root.repo}\u0000${root.path}`;
    const spec = specs.get(key) ?? { repo: root.repo, path: root.path, paths: new Set<string>(), home: page.route, title: page.title };
    for (const s of [...page.sources, ...page.sections.flatMap((x) => x.sources)]) if (s.repo === root.repo) spec.paths.add(s.path);
    if (page.route.length < spec.home.length) spec.home = page.route;
    specs.set(key, spec);
  }
  for (const key of [...specs.keys()].sort()) {
    const spec = specs.get(key)!;
    const entries = await index.newest(spec.repo, [...spec.paths].sort());
    emit(`api:${key}`, { path: `${dir}/api/${fileSlug(spec.repo)}/${fileSlug(spec.path)}`, title: `${spec.repo} ${spec.path}: API changes`, description: `Changes to the API described by ${spec.path}, newest first (at most ${FEED_SIZE}); breaking ones marked.`, home: spec.home }, entries);
  }

  // `base` is the `site` setting; without it no sitemap is written (sitemaps need absolute URLs).
  if (input.base !== null) {
    const urls = input.records.map((p) => ({ route: p.route, lastmod: p.provenance?.committedAt ?? null }));
    files.push(...sitemaps(urls, input.base));
  }
  return { files, links: out };
}

/** Autodiscovery links for a page: the whole wiki's feeds, its repository's, its owners', its API's. */
export function feedLinksFor(page: SitePage, record: Page | undefined, links: Map<string, FeedLink[]>): FeedLink[] {
  const keys = ['all'];
  if (page.repo !== null) keys.push(`repo:${page.repo}`);
  if (record) {
    for (const o of record.owners ?? []) keys.push(`owner:${o}`);
    const root = record.kind === 'openapi' ? record.sources[0] : undefined;
    if (root) keys.push(`api:${root.repo}\u0000${root.path}`);
  }
  return keys.flatMap((k) => links.get(k) ?? []);
}
