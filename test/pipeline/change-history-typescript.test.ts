// TypeScript symbol history through `build()` (issue 14 item 4): a package's API compared release
// by release (its tags), a function that gains a required parameter between two releases, and
// "since" for every symbol from the first release that has it, with no hand-kept `@since`. The
// change is attributed to the commit git says changed the declaring file between the releases,
// not to the release commit that tagged it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build, type BuildResult } from '../../src/pipeline/run.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { commitFacts } from '../helpers/git-truth.ts';
import { tempDir } from '../helpers/temp.ts';

const repo = TestRepo.init();
let out: string;
let result: BuildResult;
let wiki: LivewikiJson;

const manifest = (version: string) => JSON.stringify({ name: 'greeter', version, types: 'src/index.ts' }, null, 2);
const greet1 = '/** Says hello. */\nexport function greet(name: string): string {\n  return `Hello ${name}`;\n}\n';
const farewell = '\n/** Says goodbye. */\nexport function farewell(name: string): string {\n  return `Bye ${name}`;\n}\n';
const greet2 = '/** Says hello. */\nexport function greet(name: string, greeting: string): string {\n  return `${greeting} ${name}`;\n}\n';

beforeAll(async () => {
  repo.git('remote', 'add', 'origin', 'https://github.com/acme/greeter.git');
  repo.write('package.json', manifest('1.0.0')).write('src/index.ts', greet1);
  repo.commit({ message: 'greeter 1.0.0', author: 'Alice Author <alice@example.com>' });
  repo.git('tag', 'v1.0.0');
  repo.write('src/index.ts', greet1 + farewell);
  repo.commit({ message: 'Say goodbye (#3)', author: 'Carol Coder <carol@example.com>' });
  repo.write('package.json', manifest('1.1.0'));
  repo.commit({ message: 'Release 1.1.0', author: 'release-bot[bot] <bot@example.com>' });
  // An annotated tag (peeled to its commit).
  repo.gitEnv({ GIT_COMMITTER_NAME: 'Release Bot', GIT_COMMITTER_EMAIL: 'bot@example.com', GIT_COMMITTER_DATE: '2024-01-10T00:00:00Z' }, 'tag', '-a', '-m', 'greeter 1.1.0', 'v1.1.0');
  repo.write('src/index.ts', greet2 + farewell);
  repo.commit({ message: 'Greetings are explicit (#4)', author: 'Bob Builder <bob@example.com>' });
  repo.write('package.json', manifest('2.0.0'));
  repo.commit({ message: 'Release 2.0.0', author: 'release-bot[bot] <bot@example.com>' });
  repo.git('tag', 'v2.0.0');
  repo.git('tag', 'deploy-2024-05');
  repo.write('src/index.ts', `${greet2 + farewell}\n/** The version. */\nexport const VERSION: string = '2';\n`);
  repo.commit({ message: 'Export the version (#5)', author: 'Dan Dev <dan@example.com>' });
  out = join(tempDir('livewiki-ts-changes-'), 'site');
  result = await build(await loadConfig({ cwd: repo.root, out, cache: false }));
  wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
}, 300_000);

afterAll(() => repo.cleanup());

const page = () => readFileSync(join(out, 'greeter', 'ts', 'greeter', 'index', 'index.html'), 'utf8');

function head(anchor: string): string {
  const html = page();
  const start = html.indexOf(`id="${anchor}"`);
  expect(start, anchor).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</h', start));
}

describe('TypeScript symbol history across release tags', () => {
  it('publishes without errors', () => {
    expect(result.published).toBe(true);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('says greet gained a required parameter, breaking callers, in the commit git says changed it between v1.1.0 and v2.0.0', () => {
    const greet = wiki.changelog.filter((e) => e.key === 'greet');
    expect(greet.map((e) => [e.change, e.breaking, e.summary])).toEqual([['changed', true, 'required parameter `greeting` added']]);
    const sha = repo.git('log', '--first-parent', '--format=%H', 'v1.1.0..v2.0.0', '--', 'src/index.ts').trim();
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(greet[0]).toMatchObject({
      repo: 'greeter',
      path: '',
      kind: 'symbol',
      page: '/greeter/ts/greeter/index/',
      anchor: 'sym-greet',
      from: 'function greet(name: string): string',
      to: 'function greet(name: string, greeting: string): string',
      commit: sha,
      authors: [{ name: commitFacts(repo, sha).authorName }],
    });
    expect(greet[0]!.pulls.map((p) => p.number)).toEqual([4]);
  });

  it('gives every symbol "since" its first release, and marks unreleased ones', () => {
    expect(head('sym-greet')).toContain('since v1.0.0');
    expect(head('sym-farewell')).toContain('since v1.1.0');
    expect(head('sym-version')).toContain('unreleased');
    // The symbol added since the last release is in the changelog, attributed to its commit.
    const added = wiki.changelog.filter((e) => e.key === 'VERSION');
    expect(added.map((e) => [e.change, e.breaking, e.commit])).toEqual([['added', false, repo.head()]]);
  });

  it('shows the change on the symbol, with the release it shipped in and a before/after view', () => {
    const greet = head('sym-greet');
    expect(greet).toContain('lw-section-history-breaking');
    expect(greet).toContain('(released in v2.0.0)');
    expect(greet).toContain('by Bob Builder');
    expect(greet).toMatch(/<pre class="lw-diff">function greet\(name: string<ins>, greeting: string<\/ins>\): string<\/pre>/);
  });
});
