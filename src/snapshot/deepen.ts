// `--deepen`: a shallow clone fetches the rest of its history from `origin` before the build.
// Network git goes through simple-git 4 with its deny-by-default settings (no unsafe flags,
// environment allow-list, no prompts, a timeout); the remote name is a constant.

import { simpleGit } from 'simple-git';
import type { GitRepo } from '../git/repo.ts';
import { openRepo } from '../git/repo.ts';
import type { Diagnostics } from '../model/diagnostics.ts';

const FETCH_TIMEOUT_MS = 300_000;

export async function deepenIfShallow(git: GitRepo, repo: string, diagnostics: Diagnostics): Promise<GitRepo | null> {
  if (!git.isShallow) return git;
  const client = simpleGit({
    baseDir: git.root,
    allowEnvironment: ['GIT_TERMINAL_PROMPT', 'GIT_OPTIONAL_LOCKS', 'LANG', 'LC_ALL'],
    timeout: { block: FETCH_TIMEOUT_MS },
  }).env({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/', LANG: 'C', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' });
  try {
    await client.fetch(['--unshallow', '--no-tags', 'origin']);
  } catch (error) {
    diagnostics.warn('W_DEEPEN_FAILED', `could not fetch the missing history from origin: ${(error as Error).message.split('\n')[0]}`, {
      repo,
      hint: 'Check that origin is reachable, or check out with full history (actions/checkout: fetch-depth: 0).',
    });
    return null;
  }
  const reopened = await openRepo(git.root, { diagnostics, repoId: repo });
  if (!reopened.ok) return null;
  diagnostics.info('I_DEEPENED', 'fetched the full history from origin (the clone was shallow)', { repo });
  return reopened.value;
}
