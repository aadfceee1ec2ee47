// `livewiki check` as CI runs it: exit codes and each reporter's output for the problems a merge
// can bring (a broken internal link, invalid front matter, a leaked secret).
import { afterAll, describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../../src/cli/reporters/index.ts';
import { cleanupTemps, cli, widgetsRepo } from './helpers.ts';

afterAll(cleanupTemps);

// A GitHub token shape (the secret gate's github-token rule); not a real token.
const TOKEN = `ghp_${'a1B2c3D4e5'.repeat(4)}`;

function brokenRepo() {
  const repo = widgetsRepo();
  repo.write('docs/links.md', '# Links\n\nFine: [usage](guide.md#usage).\n\nBroken: [setup](guide.md#set-up).\n');
  repo.write('docs/bad.md', '---\ntitle: ok\nowner: [unclosed\n---\n\n# Bad\n\nText.\n');
  repo.write('docs/ops.md', `# Ops\n\nDeploy with\n\n    export GITHUB_TOKEN=${TOKEN}\n`);
  repo.write('api/openapi.yaml', 'openapi: 3.0.3\ninfo:\n  title: Pets\n  version: "1"\npaths:\n  /pets:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: "#/components/schemas/Nope"\n');
  repo.commit('Add problems');
  return repo;
}

describe('livewiki check', () => {
  it('exits 0 on a clean repository, and says what it checked without building a site', () => {
    const repo = widgetsRepo();
    const r = cli(['check'], repo.root);
    expect(r.stderr).toMatch(/livewiki check: \d+ pages, \d+ sections checked \(0 errors, 0 warnings\)/);
    expect(r.stderr).toMatch(/links: \d+ links, 0 broken/);
    expect(r.stderr).not.toMatch(/site:astro/);
    expect(r.code).toBe(0);
  });

  it('reports a broken anchor, invalid front matter, an invalid spec and a leaked secret at file:line, and exits 1 (stylish)', () => {
    const repo = brokenRepo();
    const r = cli(['check'], repo.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ {2}widgets:docs\/links\.md:5 {2}error {4}Page \/widgets\/docs\/links\/ links to "\/widgets\/docs\/guide\/#set-up", but \/widgets\/docs\/guide\/ has no "#set-up"\. {2}E_LINK_ANCHOR$/m);
    expect(r.stderr).toContain('hint: Anchors on that page include: #setup, #usage');
    expect(r.stderr).toMatch(/^ {2}widgets:docs\/bad\.md:3(:\d+)? {2}error .*E_FRONTMATTER$/m);
    expect(r.stderr).toMatch(/^ {2}widgets:docs\/ops\.md:5:\d+ {2}error .*rule github-token.*E_SECRET_IN_SOURCE$/m);
    expect(r.stderr).toMatch(/^ {2}widgets:api\/openapi\.yaml:14#\/paths\/~1pets\/get\S* {2}error .*"#\/components\/schemas\/Nope" does not resolve.*E_OPENAPI_REF_MISSING$/m);
    // The secret's value never appears in the report.
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    // Grouped by file: each file's heading once.
    expect(r.stderr.match(/^widgets:docs\/links\.md$/gm)).toHaveLength(1);
  });

  it('prints the same problems as a JSON array with every key in a fixed order (json)', () => {
    const repo = brokenRepo();
    const r = cli(['check', '--format', 'json'], repo.root);
    expect(r.code).toBe(1);
    const list = JSON.parse(r.stdout) as Record<string, unknown>[];
    for (const d of list) expect(Object.keys(d)).toEqual(['code', 'severity', 'message', 'repo', 'file', 'line', 'column', 'pointer', 'hint']);
    const byCode = (code: string) => list.find((d) => d.code === code);
    expect(byCode('E_LINK_ANCHOR')).toMatchObject({ severity: 'error', repo: 'widgets', file: 'docs/links.md', line: 5 });
    expect(byCode('E_FRONTMATTER')).toMatchObject({ severity: 'error', repo: 'widgets', file: 'docs/bad.md', line: 3 });
    expect(byCode('E_SECRET_IN_SOURCE')).toMatchObject({ severity: 'error', repo: 'widgets', file: 'docs/ops.md', line: 5 });
    expect(byCode('E_OPENAPI_REF_MISSING')).toMatchObject({ severity: 'error', repo: 'widgets', file: 'api/openapi.yaml', line: 14, pointer: '/paths/~1pets/get/responses/200/content/application~1json/schema/$ref' });
  });

  it('prints GitHub workflow annotations with paths relative to the checkout (github)', () => {
    const repo = brokenRepo();
    const r = cli(['check', '--format', 'github'], repo.root);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^::error file=docs\/links\.md,line=5,title=E_LINK_ANCHOR::Page \/widgets\/docs\/links\/ links to /));
    expect(lines).toContainEqual(expect.stringMatching(/^::error file=docs\/bad\.md,line=3(,col=\d+)?,title=E_FRONTMATTER::/));
    expect(lines).toContainEqual(expect.stringMatching(/^::error file=docs\/ops\.md,line=5,col=\d+,title=E_SECRET_IN_SOURCE::/));
    expect(lines).toContainEqual(expect.stringMatching(/^::error file=api\/openapi\.yaml,line=14,title=E_OPENAPI_REF_MISSING::.*\(at \/paths\/~1pets/));
    // Hints travel in the message, on an escaped new line: one annotation per line of output.
    expect(lines.every((l) => l.startsWith('::'))).toBe(true);
    expect(r.stdout).toContain('%0AAnchors on that page include');
  });

  it('escapes workflow command data and properties as the runner expects', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('docs/a:b,c%.md')).toBe('docs/a%3Ab%2Cc%25.md');
  });

  it('counts warnings as failures only with --strict', () => {
    const repo = widgetsRepo();
    repo.write('docs/img.md', '# Pictures\n\n![diagram](missing.png)\n');
    repo.commit('Add a page with a missing image');
    const plain = cli(['check'], repo.root);
    expect(plain.stderr).toContain('W_MD_LINK_UNRESOLVED');
    expect(plain.code).toBe(0);
    expect(cli(['check', '--strict'], repo.root).code).toBe(1);
  });

  it('exits 2 on a configuration error and on a bad --format', () => {
    const repo = widgetsRepo();
    expect(cli(['check', '--format', 'xml'], repo.root).code).toBe(2);
    const bad = cli(['check', '--config', 'nope.json'], repo.root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('nope.json: config file not found');
  });

  it('prints a JSON summary with pages, sections, problems, timings per stage and cache hits', () => {
    const repo = widgetsRepo();
    cli(['check'], repo.root);
    const r = cli(['check', '--json', '--quiet'], repo.root);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Record<string, unknown> & { timings: Record<string, number>; cache: { hits: number; byKind: Record<string, { hits: number }> } };
    expect(Object.keys(s)).toEqual(['command', 'exitCode', 'published', 'outDir', 'pages', 'sections', 'errors', 'warnings', 'infos', 'timings', 'cache']);
    expect(s).toMatchObject({ command: 'check', exitCode: 0, published: false, errors: 0, warnings: 0 });
    expect(s.pages).toBeGreaterThanOrEqual(3);
    expect(s.sections).toBeGreaterThanOrEqual(2);
    expect(Object.keys(s.timings)).toEqual(['snapshot', 'history', 'extract', 'structure', 'provenance', 'output', 'ledger', 'render', 'links', 'secrets']);
    expect(s.cache.byKind.history!.hits).toBe(1);
    expect(s.cache.byKind.markdown!.hits).toBe(2);
  });
});
