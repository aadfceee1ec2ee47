// A configured repository at its built commit: tracked files only (never untracked ones),
// contents read from git (the working tree only for tracked files with uncommitted changes,
// which are then marked `uncommitted`), forge links, and its history.

import { lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import picomatch from 'picomatch';
import type { CacheStore } from '../cache/index.ts';
import type { ResolvedConfig, ResolvedRepo } from '../config/load.ts';
import type { DocSelection } from '../extract/docs.ts';
import type { LinkResolver } from '../extract/types.ts';
import { listTrackedFiles, listTreeFiles, openRepo, originUrl, readBlobs, readStatus, type GitRepo, type TrackedFile } from '../git/repo.ts';
import { fillLink, inferForgeLinks, parseRemoteUrl } from '../git/remote.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { ForgeLinks } from '../model/history.ts';
import { assetPath, docRoute, repoSlug } from '../model/ids.ts';
import type { SiteAsset } from '../model/site.ts';
import type { RepoHistory } from '../provenance/types.ts';
import { trackLeftover } from '../site/interrupt.ts';
import { deepenIfShallow } from './deepen.ts';
import { openHistory } from './history.ts';

/** Images published when a document links them; SVG is left out (a script in it would run on the wiki's origin when opened directly). */
const ASSET_EXTENSIONS = /\.(png|jpe?g|gif|webp|avif|bmp|ico)$/i;
const MAX_ASSET_BYTES = 10 * 1024 * 1024;
const MAX_TEXT_BYTES = 20 * 1024 * 1024;

export interface RepoSource {
  id: string;
  title: string;
  root: string;
  head: string | null;
  headCommittedAt: string | null;
  shallow: boolean;
  /** Tracked paths (regular files and symlinks; not submodules), sorted. */
  paths: string[];
  selection: DocSelection;
  /** OpenAPI roots named in the configuration, besides those found by content. */
  openapi: string[];
  /** Globs that add or remove configuration files. */
  config: { include: string[]; exclude: string[] };
  links: ForgeLinks;
  history: RepoHistory;
  /** Loads the contents of these paths (one git process); `read` then answers from memory. */
  load(paths: string[]): Promise<void>;
  /** Text of a loaded tracked regular file; null for symlinks, binary-free checks are the extractor's. */
  read(path: string): string | null;
  linkResolver(docs: Set<string>): LinkResolver;
  historyUrl(path: string): string | null;
  /** Writes the assets documents linked to into a private temp folder and lists them. */
  assets(): Promise<SiteAsset[]>;
  close(): Promise<void>;
}

function normalizeTrailing(s: string): string {
  return s.replace(/\/+$/, '');
}

/** Repository id: configured name, else the origin's repository name, else the folder name. */
function repoIdOf(repo: ResolvedRepo, root: string, origin: string | null): string {
  if (repo.name) return repo.name;
  const parsed = origin ? parseRemoteUrl(origin) : null;
  const fromRemote = parsed?.path.split('/').at(-1);
  return repoSlug(fromRemote ?? basename(normalizeTrailing(root)));
}

export async function openSources(config: ResolvedConfig, diagnostics: Diagnostics, cache: CacheStore | null = null): Promise<RepoSource[]> {
  const out: RepoSource[] = [];
  const ids = new Set<string>();
  for (const repo of config.repos) {
    const source = await openSource(repo, config, diagnostics, cache);
    if (!source) continue;
    if (ids.has(source.id)) {
      diagnostics.error('E_REPO_DUPLICATE_ID', `two repositories are both called "${source.id}"; ${source.root} is left out`, {
        repo: source.id,
        hint: 'Give one of them a distinct `name` in the configuration.',
      });
      continue;
    }
    ids.add(source.id);
    out.push(source);
  }
  return out;
}

async function openSource(repo: ResolvedRepo, config: ResolvedConfig, diagnostics: Diagnostics, cache: CacheStore | null): Promise<RepoSource | null> {
  const opened = await openRepo(repo.path, { diagnostics, repoId: repo.name ?? undefined });
  if (!opened.ok) {
    diagnostics.error(opened.error.code, opened.error.message, { file: repo.path, hint: opened.error.hint });
    return null;
  }
  let git: GitRepo = opened.value;
  const origin = await originUrl(git);
  const originValue = origin.ok ? origin.value : null;
  const id = repoIdOf(repo, git.root, originValue);
  if (git.isShallow && config.deepen) git = (await deepenIfShallow(git, id, diagnostics)) ?? git;

  const overrides = Object.fromEntries(Object.entries(repo.links).filter(([, v]) => v !== undefined)) as Partial<ForgeLinks>;
  if (config.tickets.url) overrides.ticket ??= config.tickets.url;
  const links = inferForgeLinks(originValue, overrides);

  // Files at the built commit, plus new files staged in the index (uncommitted).
  const tree = git.head ? await listTreeFiles(git, git.head, diagnostics, id) : { ok: true as const, value: { files: [], submodules: [] } };
  const index = await listTrackedFiles(git);
  const status = await readStatus(git);
  if (!tree.ok || !index.ok || !status.ok) {
    const failure = !tree.ok ? tree.error : !index.ok ? index.error : (status as { ok: false; error: { code: string; message: string; hint?: string } }).error;
    diagnostics.error(failure.code, failure.message, { repo: id, hint: failure.hint });
    return null;
  }
  const files = new Map<string, TrackedFile>(tree.value.files.map((f) => [f.path, f]));
  const uncommitted = new Set(status.value.modified);
  for (const f of index.value.files) if (!files.has(f.path)) files.set(f.path, f);
  const untrackedDocs = status.value.untracked.filter((p) => /\.(md|markdown)$/i.test(p));
  if (untrackedDocs.length > 0) {
    diagnostics.info('I_UNTRACKED_SKIPPED', `${untrackedDocs.length} untracked Markdown file(s) are not published (only tracked files are), e.g. ${untrackedDocs[0]}`, {
      repo: id,
      hint: '`git add` them to include them; they are then marked as uncommitted until committed.',
    });
  }
  // `exclude` leaves a path out of everything livewiki reads (docs, API descriptions, configuration,
  // TypeScript), not only out of the Markdown selection.
  const excluded = repo.exclude.length > 0 ? picomatch(repo.exclude, { dot: true }) : () => false;
  const paths = [...files.keys()].filter((p) => !excluded(p)).sort();

  const blobs = new Map(tree.value.files.map((f) => [f.path, f.blob]));
  const history = await openHistory(git, id, { blobs, uncommitted, links, ticketPrefixes: config.tickets.prefixes, diagnostics, cache });
  const texts = new Map<string, string>();
  const requestedAssets = new Set<string>();
  let stagingDir: string | null = null;
  let untrackStaging = (): void => {};

  const readWorkingFile = async (path: string): Promise<Buffer | null> => {
    const full = join(git.root, path);
    const st = await lstat(full).catch(() => null);
    // A tracked file that became a symlink (or vanished) in the working tree is not followed.
    if (!st?.isFile()) return null;
    return readFile(full);
  };

  const loadBuffers = async (wanted: string[]): Promise<Map<string, Buffer>> => {
    const result = new Map<string, Buffer>();
    const fromGit: TrackedFile[] = [];
    for (const path of wanted) {
      const f = files.get(path);
      if (!f) continue;
      if (f.mode === '120000') {
        diagnostics.warn('W_SYMLINK_SKIPPED', `${path} is a symbolic link; livewiki does not follow links`, { repo: id, file: path });
        continue;
      }
      if (uncommitted.has(path)) {
        const b = await readWorkingFile(path);
        if (b) result.set(path, b);
        else fromGit.push(f);
      } else fromGit.push(f);
    }
    const blobs = await readBlobs(git, fromGit.map((f) => f.blob));
    if (!blobs.ok) {
      diagnostics.error(blobs.error.code, blobs.error.message, { repo: id, hint: blobs.error.hint });
      return result;
    }
    for (const f of fromGit) {
      const b = blobs.value.get(f.blob);
      if (b) result.set(f.path, b);
      else diagnostics.warn('W_GIT_BLOB_MISSING', `the content of ${f.path} is not in this clone`, { repo: id, file: f.path, hint: 'Use a full (or blobless) clone.' });
    }
    return result;
  };

  const headCommit = git.head ? history.commit(git.head) : null;

  return {
    id,
    title: id,
    root: git.root,
    head: git.head,
    headCommittedAt: headCommit?.committedAt ?? null,
    shallow: git.isShallow,
    paths,
    selection: { include: repo.include, exclude: repo.exclude },
    openapi: repo.openapi,
    config: repo.config,
    links,
    history: history.repoHistory,
    async load(wanted) {
      const missing = wanted.filter((p) => !texts.has(p) && files.has(p));
      for (const [path, buf] of await loadBuffers(missing)) {
        if (buf.length > MAX_TEXT_BYTES) {
          diagnostics.warn('W_FILE_TOO_LARGE', `${path} is ${buf.length} bytes, over the ${MAX_TEXT_BYTES}-byte limit; it is skipped`, { repo: id, file: path });
          continue;
        }
        texts.set(path, buf.toString('utf8'));
      }
    },
    read: (path) => texts.get(path) ?? null,
    linkResolver(docs) {
      return {
        // Routes are URL-encoded here; fragments arrive encoded already.
        doc: (target, fragment) => (docs.has(target) ? encodeURI(docRoute(id, target)) + (fragment ? `#${fragment}` : '') : null),
        asset: (target) => {
          const f = files.get(target);
          if (!f || f.mode === '120000' || !ASSET_EXTENSIONS.test(target)) return null;
          requestedAssets.add(target);
          return encodeURI(`/${assetPath(id, target)}`);
        },
        file: (target) => (files.has(target) && git.head ? fillLink(links.file, { sha: git.head, path: target }) : null),
      };
    },
    historyUrl: (path) => (git.head ? fillLink(links.history, { sha: git.head, path }) : null),
    async assets() {
      if (requestedAssets.size === 0) return [];
      if (!stagingDir) {
        stagingDir = await mkdtemp(join(tmpdir(), 'livewiki-assets-'));
        untrackStaging = trackLeftover(stagingDir); // removed on SIGINT/SIGTERM too
      }
      const buffers = await loadBuffers([...requestedAssets].sort());
      const out: SiteAsset[] = [];
      for (const [path, buf] of buffers) {
        if (buf.length > MAX_ASSET_BYTES) {
          diagnostics.warn('W_ASSET_TOO_LARGE', `${path} is ${buf.length} bytes, over the ${MAX_ASSET_BYTES}-byte limit for images; it is not published`, { repo: id, file: path });
          continue;
        }
        const outPath = assetPath(id, path);
        const from = join(stagingDir, outPath);
        await mkdir(join(from, '..'), { recursive: true });
        await writeFile(from, buf);
        out.push({ outPath, from });
      }
      return out;
    },
    async close() {
      try {
        await history.close();
      } finally {
        if (stagingDir) await rm(stagingDir, { recursive: true, force: true });
        untrackStaging();
        stagingDir = null;
      }
    },
  };
}
