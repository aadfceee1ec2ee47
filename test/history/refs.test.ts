import { describe, expect, it } from 'vitest';
import { fillLink, inferForgeLinks, redactRemoteUrl } from '../../src/git/remote.ts';
import { isBot, parseCoAuthorTrailers, parseRefs } from '../../src/history/refs.ts';

const gh = inferForgeLinks('git@github.com:acme/wiki.git', { ticket: 'https://linear.app/acme/issue/{key}' });
const numbers = (subject: string, body = '', prefixes: string[] = ['LFE', 'OPS']) => {
  const r = parseRefs(subject, body, { ticketPrefixes: prefixes, links: gh });
  return { pulls: r.pulls.map((p) => p.number), issues: r.issues.map((i) => i.number), tickets: r.tickets.map((t) => t.key) };
};

describe('commit message references', () => {
  it.each([
    ['squash merge subject', 'Add search (#123)', '', { pulls: [123], issues: [], tickets: [] }],
    ['merge commit', 'Merge pull request #45 from alice/feat', 'Feature', { pulls: [45], issues: [], tickets: [] }],
    ['GitLab merge request', "Merge branch 'x' into 'main'", 'See merge request group/sub/proj!77', { pulls: [77], issues: [], tickets: [] }],
    ['GitLab short form', 'Fix build, lands !8', '', { pulls: [8], issues: [], tickets: [] }],
    ['closing keywords, any case', 'Fix crash', 'fixes #1\nCLOSES #2\nResolved: #3\nclose #1', { pulls: [], issues: [1, 2, 3], tickets: [] }],
    ['gh- and bare issue numbers', 'Docs', 'See gh-12 and #13, not abc#14 or &#15;', { pulls: [], issues: [12, 13], tickets: [] }],
    ['ticket keys for configured prefixes only', 'LFE-12: fix UTF-8 and SHA-256 (ISO-8859-1)', 'OPS-4, ABC-5, lfe-6, x/LFE-7, LFE-12', { pulls: [], issues: [], tickets: ['LFE-12', 'OPS-4'] }],
    ['nothing inside URLs', 'Docs', 'https://github.com/acme/wiki/pull/9#issuecomment-1 https://jira.example/browse/LFE-99 http://x/#88', { pulls: [], issues: [], tickets: [] }],
    ['revert of a squash', 'Revert "Add search (#123)" (#130)', '', { pulls: [130], issues: [123], tickets: [] }],
  ])('%s', (_name, subject, body, expected) => {
    expect(numbers(subject, body)).toEqual(expected);
  });

  it('never treats UTF-8 or SHA-256 as tickets, even with no prefixes configured', () => {
    expect(numbers('UTF-8 SHA-256 LFE-1', '', []).tickets).toEqual([]);
  });

  it('links references through the forge templates, null when unknown', () => {
    const r = parseRefs('Add (#5)', 'Fixes #6, LFE-7', { ticketPrefixes: ['LFE'], links: gh });
    expect(r).toEqual({
      pulls: [{ number: 5, url: 'https://github.com/acme/wiki/pull/5' }],
      issues: [{ number: 6, url: 'https://github.com/acme/wiki/issues/6' }],
      tickets: [{ key: 'LFE-7', url: 'https://linear.app/acme/issue/LFE-7' }],
    });
    expect(parseRefs('Add (#5)', '', {}).pulls).toEqual([{ number: 5, url: null }]);
  });

  it('finds Co-authored-by trailers anywhere, including after GitHub’s separator', () => {
    const msg = 'Squash (#1)\n\n* commit a\n\n---------\n\nCo-authored-by: Bob <bob@x.org>\nco-authored-by:Carol C <carol@x.org>\nSigned-off-by: D <d@x>';
    expect(parseCoAuthorTrailers(msg)).toEqual([{ name: 'Bob', email: 'bob@x.org' }, { name: 'Carol C', email: 'carol@x.org' }]);
  });

  it('finds indented and CRLF trailers after prose that mentions the key', () => {
    const msg = 'Explain co-authored-by: lines (#2)\n\nAdd a Co-authored-by: trailer per person.\n  Co-authored-by: Eve <eve@x.org>\r\nCO-AUTHORED-BY: Fay <fay@x.org>';
    expect(parseCoAuthorTrailers(msg)).toEqual([{ name: 'Eve', email: 'eve@x.org' }, { name: 'Fay', email: 'fay@x.org' }]);
    expect(parseCoAuthorTrailers('No trailers, only co-authored-by: in prose')).toEqual([]);
  });

  it('recognises bots by name suffix or GitHub app address', () => {
    expect(isBot('dependabot[bot]', 'x@y')).toBe(true);
    expect(isBot('Renovate', '29139614+renovate[bot]@users.noreply.github.com')).toBe(true);
    expect(isBot('Bob', 'bob@users.noreply.github.com')).toBe(false);
    // Machine users that merge pull requests (Prow, OpenShift CI) have plain noreply addresses.
    expect(isBot('Kubernetes Prow Robot', '20407524+k8s-ci-robot@users.noreply.github.com')).toBe(true);
    expect(isBot('CI', 'openshift-merge-bot@users.noreply.github.com')).toBe(true);
    expect(isBot('Abbot', '123+abbot@users.noreply.github.com')).toBe(false);
    expect(isBot('Robot Roberts', 'robot@example.com')).toBe(false);
  });
});

describe('forge links from the origin remote', () => {
  it.each([
    ['https://github.com/acme/wiki.git', 'github', 'https://github.com/acme/wiki'],
    ['git@github.com:acme/wiki.git', 'github', 'https://github.com/acme/wiki'],
    ['ssh://git@github.com/acme/wiki.git', 'github', 'https://github.com/acme/wiki'],
    ['https://x-access-token:ghs_secret@github.com/acme/wiki', 'github', 'https://github.com/acme/wiki'],
    ['https://gitlab.com/group/sub/proj.git', 'gitlab', 'https://gitlab.com/group/sub/proj'],
    ['ssh://git@gitlab.example.com:2222/group/proj.git', 'gitlab', 'https://gitlab.example.com/group/proj'],
    ['git@bitbucket.org:team/repo.git', 'bitbucket', 'https://bitbucket.org/team/repo'],
    ['https://github.acme.corp/o/r', 'github', 'https://github.acme.corp/o/r'],
    ['https://git.example.com/o/r.git', 'custom', null],
    ['/srv/repos/r.git', 'custom', null],
    ['ext::sh -c touch% /tmp/pwned', 'custom', null],
  ])('%s', (url, kind, web) => {
    const links = inferForgeLinks(url);
    expect([links.kind, links.web]).toEqual([kind, web]);
    expect(JSON.stringify(links)).not.toMatch(/secret|x-access-token|git@/);
  });

  it('builds commit, pull, file and history URLs per forge; config overrides win', () => {
    const gl = inferForgeLinks('git@gitlab.com:g/p.git');
    expect(fillLink(gl.pull, { number: 3 })).toBe('https://gitlab.com/g/p/-/merge_requests/3');
    expect(fillLink(gl.file, { sha: 'abc', path: 'docs/a b#.md' })).toBe('https://gitlab.com/g/p/-/blob/abc/docs/a%20b%23.md');
    const bb = inferForgeLinks('https://bitbucket.org/t/r.git');
    expect(fillLink(bb.commit, { sha: 'abc' })).toBe('https://bitbucket.org/t/r/commits/abc');
    const custom = inferForgeLinks('https://git.example.com/o/r.git', { kind: 'custom', commit: 'https://cgit.example.com/r/commit/?id={sha}' });
    expect(fillLink(custom.commit, { sha: 'abc' })).toBe('https://cgit.example.com/r/commit/?id=abc');
    expect(fillLink(custom.pull, { number: 1 })).toBeNull();
  });

  it('strips credentials from remote URLs', () => {
    expect(redactRemoteUrl('https://user:token@github.com/o/r.git')).toBe('https://github.com/o/r.git');
    expect(redactRemoteUrl('git@github.com:o/r.git')).toBe('git@github.com:o/r.git');
    expect(redactRemoteUrl('ssh://git:pw@host.example/o/r.git')).toBe('ssh://host.example/o/r.git');
  });
});
