// `safe.directory` from the machine owner's git config. livewiki's git ignores the global and
// system config (their other keys change output or run commands), but git's dubious-ownership
// check is a decision of whoever owns the machine: `actions/checkout` in a container job, or an
// admin, writes `git config --global --add safe.directory <path>`. So this one key, and nothing
// else, is read from those files and handed to git in its command scope, which git trusts.

import { spawn } from 'node:child_process';

/** Variables that locate the global and system config files, copied from the caller's environment. */
const LOCATING = ['HOME', 'XDG_CONFIG_HOME', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_CONFIG_NOSYSTEM'] as const;

/**
 * The `safe.directory` values of the global and system git config, in git's order (system, then
 * global; an empty value resets the list, as in git). Reads with `git config --get-all`, which
 * runs no command; outside any repository, so no repository config is involved. Empty on failure.
 */
export async function userSafeDirectories(env: NodeJS.ProcessEnv = process.env, path: string | undefined = env.PATH): Promise<string[]> {
  const childEnv: Record<string, string> = { LANG: 'C', LC_ALL: 'C', PATH: path ?? '/usr/bin:/bin', GIT_DIR: '/nonexistent/livewiki', GIT_TERMINAL_PROMPT: '0' };
  for (const key of LOCATING) if (env[key] !== undefined) childEnv[key] = env[key]!;
  const out: string[] = [];
  for (const scope of ['--system', '--global']) {
    if (scope === '--system' && env.GIT_CONFIG_NOSYSTEM && !/^(0|false|no|off)$/i.test(env.GIT_CONFIG_NOSYSTEM)) continue;
    out.push(...(await getAll(scope, childEnv)));
  }
  return out;
}

function getAll(scope: string, env: Record<string, string>): Promise<string[]> {
  return new Promise((resolvePromise) => {
    const child = spawn('git', ['config', scope, '--includes', '-z', '--get-all', 'safe.directory'], { cwd: '/', env, stdio: ['ignore', 'pipe', 'ignore'], shell: false });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', () => {
      clearTimeout(timer);
      resolvePromise([]);
    });
    // Exit 1: the key is not set (or the file does not exist).
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise(code === 0 ? Buffer.concat(chunks).toString('utf8').split('\0').slice(0, -1) : []);
    });
  });
}
