// Real temporary git repositories with scripted histories, for tests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface CommitOptions {
  author?: string; // "Name <email>"
  committer?: string;
  date?: string; // ISO 8601, used for both dates unless committerDate is given
  committerDate?: string;
  message: string;
}

/** Environment that isolates git from the machine's global/system config. */
export function isolatedGitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: tmpdir(),
    LANG: 'C',
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    ...extra,
  };
}

export class TestRepo {
  readonly root: string;
  private tick = 0;

  constructor(root?: string) {
    this.root = root ?? mkdtempSync(join(tmpdir(), 'livewiki-test-'));
  }

  static init(options: { branch?: string } = {}): TestRepo {
    const repo = new TestRepo();
    repo.git('init', '-q', '-b', options.branch ?? 'main');
    return repo;
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.root, env: isolatedGitEnv(), encoding: 'utf8', maxBuffer: 1 << 30 });
  }

  /** Like git() but with extra environment (dates, identities). */
  gitEnv(env: Record<string, string>, ...args: string[]): string {
    return execFileSync('git', args, { cwd: this.root, env: isolatedGitEnv(env), encoding: 'utf8', maxBuffer: 1 << 30 });
  }

  write(path: string, content: string | Buffer): this {
    const full = join(this.root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    return this;
  }

  remove(path: string): this {
    rmSync(join(this.root, path), { recursive: true, force: true });
    return this;
  }

  move(from: string, to: string): this {
    mkdirSync(dirname(join(this.root, to)), { recursive: true });
    renameSync(join(this.root, from), join(this.root, to));
    return this;
  }

  /** Stages everything and commits; returns the new commit's sha. Dates advance by a day per commit unless given. */
  commit(options: CommitOptions | string): string {
    const o: CommitOptions = typeof options === 'string' ? { message: options } : options;
    this.tick += 1;
    const date = o.date ?? new Date(Date.UTC(2024, 0, 1) + this.tick * 86_400_000).toISOString();
    const [aName, aEmail] = parseIdent(o.author ?? 'Alice Author <alice@example.com>');
    const [cName, cEmail] = parseIdent(o.committer ?? o.author ?? 'Alice Author <alice@example.com>');
    this.git('add', '-A');
    this.gitEnv(
      {
        GIT_AUTHOR_NAME: aName,
        GIT_AUTHOR_EMAIL: aEmail,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: cName,
        GIT_COMMITTER_EMAIL: cEmail,
        GIT_COMMITTER_DATE: o.committerDate ?? date,
      },
      'commit', '-q', '--allow-empty', '--no-verify', '-m', o.message,
    );
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** `git merge --no-ff <branch> -m <message>` with a scripted identity and date; returns the merge sha. */
  merge(branch: string, options: Omit<CommitOptions, 'message'> & { message: string }): string {
    this.tick += 1;
    const date = options.date ?? new Date(Date.UTC(2024, 0, 1) + this.tick * 86_400_000).toISOString();
    const [aName, aEmail] = parseIdent(options.author ?? 'Alice Author <alice@example.com>');
    const [cName, cEmail] = parseIdent(options.committer ?? options.author ?? 'Alice Author <alice@example.com>');
    this.gitEnv(
      {
        GIT_AUTHOR_NAME: aName,
        GIT_AUTHOR_EMAIL: aEmail,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: cName,
        GIT_COMMITTER_EMAIL: cEmail,
        GIT_COMMITTER_DATE: options.committerDate ?? date,
      },
      'merge', '-q', '--no-ff', '--no-verify', '-m', options.message, branch,
    );
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD').trim();
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

function parseIdent(ident: string): [string, string] {
  const m = /^(.*?)\s*<([^>]*)>$/.exec(ident);
  if (!m) throw new Error(`bad ident ${ident}`);
  return [m[1]!, m[2]!];
}
