// TypeScript symbol history: a package's API compared release by release (issue 14 item 4).
// TypeDoc takes seconds per run, so versions are the package's release tags (the newest
// `releases` of them) and the built commit, never every commit; each conversion is kept in the
// store by the digest of its inputs (the extractor's own cache, so the built commit's is shared),
// and a tag's digest by the tag's commit, so a rebuild reads no old files at all.
//
// A change between two releases is attributed to the newest first-parent commit between them that
// changed the file declaring the symbol (the tag's landing commit when none did): git's answer to
// "which merge brought this", without converting every commit.
import type { Store } from '../cache/index.ts';
import { listTreeFiles, type GitRepo } from '../git/repo.ts';
import { cachedTypescriptModel, discoverTypeScript, packageDigest, typescriptModel, type TsPackage } from '../extract/typescript/index.ts';
import type { TsModel } from '../extract/typescript/model.ts';
import { Diagnostics } from '../model/diagnostics.ts';
import type { Commit, RepoHistory } from '../model/history.ts';
import type { RepoFiles } from '../model/snapshot.ts';
import { streamBlobs } from './blobs.ts';
import { ENGINE_VERSION, VIEW_CHARS, type Found } from './engines.ts';
import { CHANGES_KIND } from './follow.ts';
import type { Source } from './sources.ts';
import type { RepoTag } from './tags.ts';
import { renderDiff } from './text-diff.ts';
import { diffTypeScript, releaseTags, sinceTags, symbolIndex } from './typescript.ts';

/** What TypeDoc may read of a package at a tag (as the extractor loads them at the built commit). */
const TS_INPUTS = /\.(tsx?|mts|cts|json|md)$/i;

export interface SymbolEvent {
  /** `<module>:<qualifiedName>`: the section's home key within the package. */
  id: string;
  position: number;
  commit: Commit;
  /** The release the change shipped in; null for changes since the newest release. */
  release: string | null;
  found: Found;
  view: string;
}

export interface PackageHistory {
  events: SymbolEvent[];
  /** `<module>:<qualifiedName>` → the first release tag containing it (`… or earlier` when older releases were not read). */
  since: Record<string, string>;
  /** Releases read (oldest first); symbols in none of them are unreleased. */
  releases: string[];
  /** Pairs compared, oldest first (for "recent"). */
  pairs: number;
}

interface TagEntry {
  digest: string;
  /** The conversion failed at this tag (kept, so a rebuild does not run TypeDoc on it again). */
  failed?: boolean;
}

/** The package's files at `commit`, as a RepoFiles view (only what TypeDoc may read). */
async function filesAt(git: GitRepo, repo: string, root: string, commit: string, dir: string): Promise<(RepoFiles & { root: string }) | null> {
  const tree = await listTreeFiles(git, commit);
  if (!tree.ok) return null;
  const prefix = dir === '' ? '' : `${dir}/`;
  const wanted = tree.value.files.filter((f) => f.mode !== '120000' && TS_INPUTS.test(f.path) && !f.path.split('/').includes('node_modules') && (f.path.startsWith(prefix) || /(^|\/)(tsconfig[^/]*\.json|package\.json|pnpm-workspace\.yaml)$/.test(f.path)));
  const texts = new Map<string, string>();
  const byBlob = new Map<string, string[]>();
  for (const f of wanted) byBlob.set(f.blob, [...(byBlob.get(f.blob) ?? []), f.path]);
  const failed = await streamBlobs(git, [...byBlob.keys()], (id, bytes) => {
    if (bytes === null || bytes.length > 4 * 1024 * 1024) return;
    const text = bytes.toString('utf8');
    for (const path of byBlob.get(id) ?? []) texts.set(path, text);
  });
  if (failed !== null) return null;
  const paths = tree.value.files.map((f) => f.path).sort();
  return { repo, root, paths, read: (path) => texts.get(path) ?? null };
}

/** Newest first-parent commit in positions [newer, older) that changed `path`, else the commit at `newer`. */
function attribute(history: RepoHistory, path: string | undefined, newer: number, older: number): { position: number; commit: Commit } {
  const list = path !== undefined && Object.hasOwn(history.changes, path) ? history.changes[path]! : [];
  for (const p of list) if (p >= newer && p < older) return { position: p, commit: history.commits[p]! };
  return { position: newer, commit: history.commits[newer]! };
}

export interface TypeScriptHistoryOptions {
  git: GitRepo;
  history: RepoHistory;
  /** The package's files at the built commit. */
  files: RepoFiles & { root: string };
  tags: RepoTag[];
  releases: number;
  store: Store | null;
  diagnostics: Diagnostics;
}

export async function typescriptHistory(source: Source, options: TypeScriptHistoryOptions): Promise<PackageHistory | null> {
  const { git, history, files, store, diagnostics } = options;
  if (history.head === null || history.commits.length === 0) return null;
  const pkg = discoverTypeScript(files, [], new Diagnostics()).find((p) => p.dir === source.path);
  if (!pkg) return null;
  const byName = new Map(options.tags.map((t) => [t.tag, t]));
  const ordered = releaseTags(options.tags.map((t) => t.tag), { pkg: pkg.name }).filter((t) => byName.has(t));
  const window = options.releases > 0 ? ordered.slice(-options.releases) : [];
  const cutOlder = window.length < ordered.length;
  // Without a release there is nothing to compare the built commit with.
  if (window.length === 0) return null;

  // Models at each release (oldest first), then at the built commit. Releases that did not
  // change the package share one conversion, with or without a store.
  const versions: { tag: string | null; position: number; model: TsModel; digest: string }[] = [];
  const converted = new Map<string, TsModel>();
  for (const tag of window) {
    const t = byName.get(tag)!;
    const model = await modelAt(options, pkg, t, converted);
    if (model) versions.push({ tag, position: t.position, ...model });
    else {
      diagnostics.info('I_CHANGES_RELEASE_SKIPPED', `${pkg.name}: the TypeScript API at release ${tag} could not be read; changes across it are compared with the next release`, {
        repo: source.repo,
        file: pkg.dir || '.',
      });
    }
  }
  // The built commit: unchanged since the newest release, or converted (the extractor's cache entry).
  const headDigest = packageDigest(files, pkg);
  if (versions.at(-1)?.digest !== headDigest) {
    const known = converted.get(headDigest);
    const head = known ? { model: known, digest: headDigest } : await typescriptModel({ files, pkg, diagnostics: new Diagnostics(), store });
    if (head.model) versions.push({ tag: null, position: 0, model: head.model, digest: head.digest });
  }

  const tagged = versions.filter((v) => v.tag !== null).map((v) => ({ tag: v.tag!, ids: [...symbolIndex(v.model).keys()] }));
  const since = sinceTags(tagged);
  const oldest = tagged[0]?.tag;
  if (cutOlder && oldest !== undefined) for (const [id, tag] of Object.entries(since)) if (tag === oldest) since[id] = `${tag} or earlier`;

  const events: SymbolEvent[] = [];
  for (let i = 1; i < versions.length; i++) {
    const a = versions[i - 1]!;
    const b = versions[i]!;
    const before = symbolIndex(a.model);
    const after = symbolIndex(b.model);
    for (const c of diffTypeScript(a.model, b.model)) {
      const id = `${c.module}:${c.key}`;
      const declared = (after.get(id) ?? before.get(id))?.symbol.sources[0]?.path;
      const { position, commit } = attribute(history, declared, b.position, a.position);
      const view = c.from !== null && c.to !== null && c.from !== c.to ? renderDiff(c.from, c.to, { maxChars: VIEW_CHARS }).html : '';
      events.push({ id, position, commit, release: b.tag, found: { sectionKind: 'symbol', key: c.key, change: c.change, breaking: c.breaking, from: c.from, to: c.to, summary: c.summary }, view });
    }
  }
  return { events, since, releases: tagged.map((t) => t.tag), pairs: Math.max(0, versions.length - 1) };
}

/** The package's model at a release: by the tag's cached digest when known, else converted (and both kept). */
async function modelAt(options: TypeScriptHistoryOptions, pkg: TsPackage, tag: RepoTag, converted: Map<string, TsModel>): Promise<{ model: TsModel; digest: string } | null> {
  const { git, files, store } = options;
  const key = [String(ENGINE_VERSION), 'ts-release', tag.commit, pkg.dir, pkg.name];
  const known = store?.get<TagEntry>(CHANGES_KIND, key);
  if (store && known && typeof known.digest === 'string') {
    if (known.failed === true) return null;
    const model = converted.get(known.digest) ?? cachedTypescriptModel(store, known.digest);
    if (model) {
      converted.set(known.digest, model);
      return { model, digest: known.digest };
    }
  }
  const at = await filesAt(git, files.repo, files.root, tag.commit, pkg.dir);
  if (!at) return null;
  // The package as it was then (its entry points may have moved since).
  const then = discoverTypeScript(at, [], new Diagnostics()).find((p) => p.dir === pkg.dir);
  if (!then) return null;
  const digest = packageDigest(at, then);
  const same = converted.get(digest);
  if (same) {
    store?.put(CHANGES_KIND, key, { digest } satisfies TagEntry);
    return { model: same, digest };
  }
  const result = await typescriptModel({ files: at, pkg: then, diagnostics: new Diagnostics(), store });
  if (!result.model) {
    store?.put(CHANGES_KIND, key, { digest: result.digest, failed: true } satisfies TagEntry);
    return null;
  }
  converted.set(result.digest, result.model);
  store?.put(CHANGES_KIND, key, { digest: result.digest } satisfies TagEntry);
  return { model: result.model, digest: result.digest };
}
