// `livewiki init`: writes a config, a GitHub Actions workflow and a GitLab CI example into a
// project. Never overwrites an existing file unless forced; reports what it did as data.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { configJson, githubWorkflow, gitlabExample } from './templates.ts';

export interface InitOptions {
  /** Project folder (the repository root). */
  dir: string;
  /**
   * Kept for callers of the first version (`init --json`): the config is always
   * `livewiki.config.json`, since it lives in the documented repository and livewiki runs no code
   * from a repository (README, "Configuration").
   */
  json?: boolean;
  /** Replace existing files. */
  force?: boolean;
  /** Branch the workflow builds on; default: the checked-out branch, else `main`. */
  branch?: string;
}

export interface InitFile {
  path: string;
  /** `appended`: a line added to an existing file (.gitignore). */
  status: 'written' | 'replaced' | 'exists' | 'appended' | 'unchanged';
}

export interface InitResult {
  files: InitFile[];
  /** True when some file was left alone because it exists (and `force` was not given). */
  refused: boolean;
}

const BRANCH_RE = /^[A-Za-z0-9._\/-]{1,100}$/;

/** The checked-out branch from `.git/HEAD`, without running git; null when unknown. */
export function currentBranch(dir: string): string | null {
  try {
    const head = readFileSync(join(dir, '.git', 'HEAD'), 'utf8').trim();
    const m = /^ref: refs\/heads\/(.+)$/.exec(head);
    return m && BRANCH_RE.test(m[1]!) ? m[1]! : null;
  } catch {
    return null;
  }
}

export function planInit(options: InitOptions): { path: string; content: string }[] {
  const branch = options.branch ?? currentBranch(options.dir) ?? 'main';
  if (!BRANCH_RE.test(branch)) throw new TypeError(`not a branch name: ${JSON.stringify(branch)}`);
  return [
    { path: 'livewiki.config.json', content: configJson() },
    { path: '.github/workflows/livewiki.yml', content: githubWorkflow(branch) },
    { path: 'docs/ci/gitlab-ci.example.yml', content: gitlabExample() },
  ];
}

export function runInit(options: InitOptions): InitResult {
  const files: InitFile[] = [];
  let refused = false;
  for (const f of planInit(options)) {
    const full = join(options.dir, f.path);
    const exists = existsSync(full);
    if (exists && !options.force) {
      files.push({ path: f.path, status: 'exists' });
      refused = true;
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    const temp = `${full}.livewiki-init.tmp`;
    writeFileSync(temp, f.content);
    renameSync(temp, full);
    files.push({ path: f.path, status: exists ? 'replaced' : 'written' });
  }
  files.push(ignoreCache(options.dir));
  return { files, refused };
}

/** The cache folder is build state, not source: `.gitignore` gets a line for it (once). */
function ignoreCache(dir: string): InitFile {
  const path = join(dir, '.gitignore');
  const text = existsSync(path) ? readFileSync(path, 'utf8') : null;
  if (text !== null && text.split(/\r?\n/).some((l) => /^\/?\.livewiki-cache\/?$/.test(l.trim()))) return { path: '.gitignore', status: 'unchanged' };
  const line = '# livewiki build cache\n.livewiki-cache/\n';
  if (text === null) writeFileSync(path, line);
  else appendFileSync(path, `${text === '' || text.endsWith('\n') ? '' : '\n'}${line}`);
  return { path: '.gitignore', status: text === null ? 'written' : 'appended' };
}
