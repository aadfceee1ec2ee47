import { describe, expect, it } from 'vitest';
import { codeownersPatternRegex, ownersOf, parseCodeowners } from '../../src/snapshot/owners.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';

// The example file from GitHub's CODEOWNERS documentation (abridged), with its stated meanings.
const FILE = `# Default owners
*       @global-owner1 @global-owner2
*.js    @js-owner
*.go docs@example.com
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
/config/ @config-owners
`;

describe('ownersOf (GitHub CODEOWNERS semantics)', () => {
  const rules = parseCodeowners(FILE, '.github/CODEOWNERS', 'demo', new Diagnostics());
  const cases: [string, string[]][] = [
    ['README.md', ['@global-owner1', '@global-owner2']],
    ['src/index.js', ['@js-owner']],
    ['cmd/main.go', ['docs@example.com']],
    ['build/logs/today.txt', ['@octocat']], // `**/logs` comes later and wins
    ['deeply/nested/logs/a.txt', ['@octocat']],
    ['docs/getting-started.md', ['@doctocat']], // `/docs/` comes after `docs/*`
    ['docs/build-app/troubleshooting.md', ['@doctocat']],
    ['apps/web/x.ts', ['@octocat']],
    ['apps/github/x.ts', []], // an owner-less rule removes ownership
    ['scripts/run.sh', ['@doctocat', '@octocat']],
    ['config/app.yaml', ['@config-owners']],
    ['other/config/app.yaml', ['@global-owner1', '@global-owner2']], // anchored
  ];
  it.each(cases)('%s → %j', (path, owners) => {
    expect(ownersOf(rules, path)).toEqual(owners);
  });

  it('keeps `*` within one directory, `**` across, and a trailing `/` for directories only', () => {
    expect(codeownersPatternRegex('docs/*').test('docs/a.md')).toBe(true);
    expect(codeownersPatternRegex('docs/*').test('docs/sub/b.md')).toBe(false);
    expect(codeownersPatternRegex('docs/**').test('docs/sub/b.md')).toBe(true);
    expect(codeownersPatternRegex('a/**/b.txt').test('a/b.txt')).toBe(true);
    expect(codeownersPatternRegex('a/**/b.txt').test('a/x/y/b.txt')).toBe(true);
    expect(codeownersPatternRegex('logs/').test('logs')).toBe(false);
    expect(codeownersPatternRegex('logs/').test('x/logs/a')).toBe(true);
    expect(codeownersPatternRegex('/logs').test('x/logs/a')).toBe(false);
    expect(codeownersPatternRegex('src/*.ts').test('src/a.ts')).toBe(true);
    expect(codeownersPatternRegex('src/*.ts').test('lib/src/a.ts')).toBe(false);
    expect(codeownersPatternRegex('?.md').test('a.md')).toBe(true);
    expect(codeownersPatternRegex('file.name').test('fileXname')).toBe(false);
  });
});
