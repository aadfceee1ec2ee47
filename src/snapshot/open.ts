// The snapshot stage: each configured repository at its built commit, as plain data (tracked
// files only, never untracked ones; owners and manifest read once), plus the two I/O edges the
// later stages use: the git repository (history, blame) and a reader for file contents (from
// git; the working tree only for tracked files with uncommitted changes, which are marked).

import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import picomatch from 'picomatch';
import type { ResolvedConfig, ResolvedRepo } from '../config/load.ts';
import { listTrackedFiles, listTreeFiles, openRepo, originUrl, readStatus, type GitRepo } from '../git/repo.ts';
import { inferForgeLinks, parseRemoteUrl } from '../git/remote.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { ForgeLinks } from '../model/history.ts';
import { repoSlug } from '../model/ids.ts';
import type { RepoSnapshot, TrackedFile } from '../model/snapshot.ts';
import { deepenIfShallow } from './deepen.ts';
import { manifestOf } from './manifest.ts';
import { readOwners } from './owners.ts';
import { openReader, type RepoReader } from './reader.ts';

export interface OpenedRepo {
  snapshot: RepoSnapshot;
  /** The repository, for the history stage and blame. */
  git: GitRepo;
  /** File contents at the built commit. */
  files: RepoReader;
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

export async function openSnapshots(config: ResolvedConfig, diagnostics: Diagnostics): Promise<OpenedRepo[]> {
  const out: OpenedRepo[] = [];
  const ids = new Set<string>();
  for (const repo of config.repos) {
    const opened = await openSnapshot(repo, config, diagnostics);
    if (!opened) continue;
    const { snapshot } = opened;
    if (ids.has(snapshot.id)) {
      diagnostics.error('E_REPO_DUPLICATE_ID', `two repositories are both called "${snapshot.id}"; ${snapshot.root} is left out`, {
        repo: snapshot.id,
        hint: 'Give one of them a distinct `name` in the configuration.',
      });
      continue;
    }
    ids.add(snapshot.id);
    out.push(opened);
  }
  return out;
}

async function openSnapshot(repo: ResolvedRepo, config: ResolvedConfig, diagnostics: Diagnostics): Promise<OpenedRepo | null> {
  // Said plainly rather than as git's "cannot change to" (D5); the other repositories are still built.
  if (!existsSync(repo.path)) {
    diagnostics.error('E_REPO_MISSING', `The repository folder ${repo.path} does not exist; the other repositories are built, and its pages published before answer as "source unavailable".`, { file: repo.path });
    return null;
  }
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
    const failure = !tree.ok ? tree.error : !index.ok ? index.error : (status as Extract<typeof status, { ok: false }>).error;
    diagnostics.error(failure.code, failure.message, { repo: id, hint: failure.hint });
    return null;
  }
  const files = new Map<string, TrackedFile>(tree.value.files.map((f) => [f.path, f]));
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
  const tracked = [...files.values()].filter((f) => !excluded(f.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const uncommitted = [...status.value.modified].sort();
  const reader = openReader(git, id, tracked, uncommitted, diagnostics);
  const snapshot: RepoSnapshot = {
    id,
    root: git.root,
    head: git.head,
    shallow: git.isShallow,
    files: tracked,
    uncommitted,
    links,
    selection: { include: repo.include, exclude: repo.exclude },
    openapi: repo.openapi,
    config: repo.config,
    owners: await readOwners(reader, diagnostics),
    manifest: await manifestOf(reader, diagnostics),
  };
  return { snapshot, git, files: reader };
}
