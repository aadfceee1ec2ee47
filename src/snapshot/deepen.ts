// `--deepen`: a shallow clone fetches the rest of its history from `origin` before the build.
// The fetch goes through the same hardened runner as every other git command (argv only, the
// environment allow-list, constant `-c` overrides, the repository's command-bearing keys
// neutralised), with the transports fixed to https and ssh (GIT_ALLOW_PROTOCOL, catalogue G2):
// `ext::`, `fd::`, `file://`, a `remote.origin.vcs` helper or an `insteadOf` rewrite to one of
// them are refused by git itself; `origin` is also checked here first, for a clear warning.

import type { GitRepo } from '../git/repo.ts';
import { openRepo } from '../git/repo.ts';
import { runGitText } from '../git/run.ts';
import type { Diagnostics } from '../model/diagnostics.ts';

const FETCH_TIMEOUT_MS = 300_000;

/** An https URL, an ssh URL or the scp-like `[user@]host:path` form; nothing else is fetched from. */
export function isAllowedRemote(url: string): boolean {
  const u = url.trim();
  if (u.startsWith('-')) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(u);
  if (scheme) return ['https', 'ssh', 'git+ssh', 'ssh+git'].includes(scheme[1]!.toLowerCase());
  // scp-like: a host part before the first colon, with no slash in it (else it is a local path).
  return /^(?:[^@/:\s]+@)?[A-Za-z0-9.-]+:(?!\/\/)[^\s]+$/.test(u) && !u.includes('::');
}

export async function deepenIfShallow(git: GitRepo, repo: string, diagnostics: Diagnostics): Promise<GitRepo | null> {
  if (!git.isShallow) return git;
  const failed = (why: string, hint = 'Check that origin is reachable, or check out with full history (actions/checkout: fetch-depth: 0).'): null => {
    diagnostics.warn('W_DEEPEN_FAILED', `could not fetch the missing history from origin: ${why}`, { repo, hint });
    return null;
  };
  const origin = await runGitText(git.ctx, ['config', '--get', 'remote.origin.url'], { okExitCodes: [1] });
  const url = origin.ok ? origin.value.trim() : '';
  if (url === '') return failed('the repository has no origin remote');
  if (!isAllowedRemote(url)) {
    return failed('origin is not an https or ssh URL (other transports can run commands, so livewiki never uses them)', 'Point origin at an https:// or ssh URL, or check out with full history (actions/checkout: fetch-depth: 0).');
  }
  const fetched = await runGitText(git.ctx, ['fetch', '--unshallow', '--no-tags', '--no-recurse-submodules', '--upload-pack=git-upload-pack', 'origin'], {
    timeoutMs: FETCH_TIMEOUT_MS,
  });
  if (!fetched.ok) return failed(fetched.error.message.split('\n')[0]!);
  const reopened = await openRepo(git.root, { diagnostics, repoId: repo, ownedByTool: git.ctx.ownedByTool, path: git.ctx.path });
  if (!reopened.ok) return null;
  diagnostics.info('I_DEEPENED', 'fetched the full history from origin (the clone was shallow)', { repo });
  return reopened.value;
}
