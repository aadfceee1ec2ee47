// Adoption: `livewiki init` and the repository's action.yml, as a project meets them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gitlabExample } from '../../src/init/templates.ts';
import { PRIVILEGED_KEYS } from '../../src/config/load.ts';
import { cleanupTemps, cli, tempDir, widgetsRepo } from './helpers.ts';
import { TestRepo } from '../helpers/git-repo.ts';

afterAll(cleanupTemps);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  env?: Record<string, string>;
  name?: string;
  if?: string;
}

describe('livewiki init', () => {
  it('writes a config, a GitHub Pages workflow with full history and cache, and a GitLab example', () => {
    const repo = TestRepo.init({ branch: 'trunk' });
    repo.write('README.md', '# Demo\n').commit('Add readme');
    const r = cli(['init'], repo.root);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('livewiki.config.json: written');
    // The config is repository content (D9): JSON, content keys only, built on merged commits only.
    const config = JSON.parse(readFileSync(join(repo.root, 'livewiki.config.json'), 'utf8')) as Record<string, unknown>;
    for (const key of PRIVILEGED_KEYS) expect(config).not.toHaveProperty(key);
    const wf = parse(readFileSync(join(repo.root, '.github/workflows/livewiki.yml'), 'utf8')) as {
      on: { push: { branches: string[] }; workflow_dispatch?: unknown };
      concurrency: { group: string };
      jobs: Record<string, { steps: Step[]; needs?: string; if?: string; permissions?: Record<string, string> }>;
    };
    expect(wf.on.push.branches).toEqual(['trunk']);
    // Pull requests get the diff comment only (test/ci/pull-request.test.ts): nothing is built or deployed from them.
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
    expect(wf.jobs.build!.if).toBe("github.event_name != 'pull_request'");
    expect(wf.concurrency.group).toBeTruthy();
    const steps = wf.jobs.build!.steps;
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toEqual({ 'fetch-depth': 0 });
    expect(steps.some((s) => s.uses?.startsWith('actions/setup-node@'))).toBe(true);
    const cache = steps.find((s) => s.uses?.startsWith('actions/cache@'));
    // The cache is kept outside the checkout: livewiki refuses one inside a documented repository.
    expect(cache?.with).toMatchObject({ path: '~/.cache/livewiki', key: expect.stringContaining('${{ github.sha }}'), 'restore-keys': expect.stringContaining('livewiki-') });
    const buildStep = steps.find((s) => s.run?.includes('npx --yes livewiki build'));
    expect(buildStep).toBeDefined();
    // Served where Pages deploys it: the URL actions/configure-pages reports is passed as --site
    // (through the environment, never spliced into the script), and the job may read it.
    const pagesStep = steps.findIndex((s) => s.uses?.startsWith('actions/configure-pages@'));
    expect(pagesStep).toBeGreaterThan(-1);
    expect(pagesStep).toBeLessThan(steps.indexOf(buildStep!));
    const id = steps[pagesStep]!.id;
    expect(buildStep!.run).toContain('--site "$PAGES_URL"');
    expect(buildStep!.run).not.toContain('${{');
    expect(buildStep!.env).toEqual({ PAGES_URL: `\${{ steps.${id}.outputs.base_url }}` });
    expect(wf.jobs.build!.permissions).toEqual({ contents: 'read', pages: 'read' });
    expect(steps.some((s) => s.uses?.startsWith('actions/upload-pages-artifact@'))).toBe(true);
    expect(wf.jobs.deploy).toMatchObject({ needs: 'build', permissions: { pages: 'write', 'id-token': 'write' } });
    expect(wf.jobs.deploy!.steps.some((s) => s.uses?.startsWith('actions/deploy-pages@'))).toBe(true);
    const gitlab = parse(readFileSync(join(repo.root, 'docs/ci/gitlab-ci.example.yml'), 'utf8')) as { pages: { variables: Record<string, string>; cache: { paths: string[] } } };
    expect(gitlab.pages.variables.GIT_DEPTH).toBe('0');
    expect(gitlab.pages.cache.paths).toEqual(['.livewiki-cache/']);
    expect(readFileSync(join(repo.root, '.gitignore'), 'utf8')).toContain('.livewiki-cache/\n');
    expect(cli(['init', '--force'], repo.root).stderr).toContain('.gitignore: unchanged');
    // The written config is a valid config: the wiki builds with it.
    expect(cli(['check'], repo.root).code).toBe(0);
    repo.cleanup();
  });

  it('refuses to overwrite existing files unless --force, and writes JSON with --json', () => {
    const repo = TestRepo.init();
    writeFileSync(join(repo.root, 'livewiki.config.json'), '{"title":"Mine"}\n');
    const r = cli(['init', '--json'], repo.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('livewiki.config.json: exists, kept (use --force to replace it)');
    expect(readFileSync(join(repo.root, 'livewiki.config.json'), 'utf8')).toBe('{"title":"Mine"}\n');
    expect(readFileSync(join(repo.root, '.github/workflows/livewiki.yml'), 'utf8')).toContain('fetch-depth: 0');
    const forced = cli(['init', '--json', '--force'], repo.root);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('livewiki.config.json: replaced');
    const written = JSON.parse(readFileSync(join(repo.root, 'livewiki.config.json'), 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ repos: [{ path: '.' }], failOn: 'error' });
    expect(written.cacheDir).toBeUndefined(); // the default: outside the checkout
    repo.cleanup();
  });
});

describe('action.yml', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default: string }>; runs: { using: string; steps: Step[] } };

  it('is a composite action with out, config and args inputs that sets up Node and the cache', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['out', 'config', 'site', 'args']));
    expect(action.runs.steps.some((s) => s.uses?.startsWith('actions/setup-node@'))).toBe(true);
    expect(action.runs.steps.find((s) => s.uses?.startsWith('actions/cache@'))?.with).toMatchObject({ path: '~/.cache/livewiki' });
  });

  it('runs livewiki with its inputs passed as data, not as script text', () => {
    const step = action.runs.steps.find((s) => s.name === 'Run livewiki')!;
    expect(step.run).not.toContain('${{');
    const repo = widgetsRepo();
    const out = join(repo.root, '..', `${repo.root.split('/').at(-1)}-action-out`);
    // The step's script as the runner would run it, with a hostile-looking args input.
    const env = { ...process.env, CI: 'true', GITHUB_ACTION_PATH: ROOT, LIVEWIKI_COMMAND: 'check', LIVEWIKI_OUT: out, LIVEWIKI_CONFIG: 'livewiki.config.json', LIVEWIKI_ARGS: '--format github $(touch pwned)' };
    let stdout = '';
    let code = 0;
    try {
      stdout = execFileSync('bash', ['-c', step.run!], { cwd: repo.root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      code = (error as { status: number }).status;
    }
    // `$(touch pwned)` is two words of arguments, not a command: livewiki rejects them as usage.
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(() => readFileSync(join(repo.root, 'pwned'))).toThrow();
    const ok = execFileSync('bash', ['-c', step.run!], { cwd: repo.root, env: { ...env, LIVEWIKI_ARGS: '--format github --strict' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(ok).toBe('');
  });
});

describe('the cache location in CI', () => {
  it('is where livewiki keeps its cache by default: the folder the workflow and the action cache', () => {
    const repo = widgetsRepo();
    const home = tempDir('livewiki-home-');
    // A runner's environment: HOME set, no XDG_CACHE_HOME.
    const r = cli(['build', '--out', join(tempDir(), 'out'), '--quiet'], repo.root, { HOME: home, XDG_CACHE_HOME: '' });
    expect(r.code).toBe(0);
    const cached = (parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { runs: { steps: Step[] } }).runs.steps.find((s) => s.uses?.startsWith('actions/cache@'))!.with!.path as string;
    const folder = join(home, cached.replace(/^~\//, ''));
    const projects = readdirSync(folder);
    expect(projects).toHaveLength(1);
    expect(readdirSync(join(folder, projects[0]!))).toEqual(expect.arrayContaining(['history', 'markdown', 'livewiki-ledger.json']));
    expect(existsSync(join(repo.root, '.livewiki-cache'))).toBe(false);
  });

  it('drops a committed .livewiki-cache in the GitLab example and moves a restored one out of the checkout', () => {
    const repo = widgetsRepo();
    // A cache committed to the repository (the attack of audit D1), forced past .gitignore.
    repo.write('.livewiki-cache/history/ab/forged.json', '{}');
    repo.git('add', '-f', '.livewiki-cache');
    repo.commit('commit a cache');
    const tmp = tempDir('livewiki-gitlab-');
    const script = (parse(gitlabExample()) as { pages: { script: string[]; variables: Record<string, string> } }).pages;
    const env = { ...process.env, LIVEWIKI_CACHE: join(tmp, 'cache'), PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}` };
    // The first line of the script: the committed folder is dropped, not moved into the cache.
    execFileSync('bash', ['-c', script.script[0]!], { cwd: repo.root, env });
    expect(existsSync(join(repo.root, '.livewiki-cache'))).toBe(false);
    expect(existsSync(join(tmp, 'cache'))).toBe(false);
    // A restored (untracked) cache is moved out of the checkout.
    repo.git('rm', '-q', '-r', '--cached', '.livewiki-cache');
    repo.commit('drop the committed cache');
    mkdirSync(join(repo.root, '.livewiki-cache', 'markdown'), { recursive: true });
    execFileSync('bash', ['-c', script.script[0]!], { cwd: repo.root, env });
    expect(existsSync(join(tmp, 'cache', 'markdown'))).toBe(true);
    expect(existsSync(join(repo.root, '.livewiki-cache'))).toBe(false);
  });
});
