// The pieces behind check and the progress display, over hand-made rendered pages and streams.
import { describe, expect, it } from 'vitest';
import { createProgress, progressMode } from '../../src/cli/progress.ts';
import { stylish } from '../../src/cli/reporters/index.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { SitePage } from '../../src/model/site.ts';
import { checkLinks } from '../../src/check/links.ts';

function page(route: string, bodyHtml: string): SitePage {
  return { route, title: route, description: '', repo: 'w', bodyHtml, toc: [], nav: { breadcrumbs: [], sidebar: [] } };
}

describe('link checker', () => {
  it('reports a link to a route that is no page, at the line of the source that spells it', () => {
    const d = new Diagnostics();
    const pages = [
      page('/w/', '<p><a href="/w/docs/gone/">gone</a> <a href="/w/docs/a/">a</a> <a href="/livewiki.json">data</a> <a href="https://example.com/x">ext</a></p>'),
      page('/w/docs/a/', '<h2 id="intro">Intro</h2><a href="#intro">self</a><a href="/w/docs/a/#user-content-note">fn</a><p id="user-content-note"></p>'),
    ];
    const r = checkLinks(
      { pages, files: ['livewiki.json'], originOf: (route) => (route === '/w/' ? { repo: 'w', path: 'README.md' } : null), readSource: () => '# W\n\nSee [gone](docs/gone.md).\n' },
      d,
    );
    expect(r).toEqual({ links: 5, broken: 1 });
    expect(d.items).toEqual([
      expect.objectContaining({ code: 'E_LINK_BROKEN', severity: 'error', repo: 'w', file: 'README.md', line: 3, message: 'Page /w/ links to "/w/docs/gone/", which is not a page of the wiki.' }),
    ]);
  });

  it('accepts percent-encoded routes and anchors, and routes without the trailing slash', () => {
    const d = new Diagnostics();
    const pages = [page('/w/docs/über/', '<h2 id="größe">Größe</h2>'), page('/w/', '<a href="/w/docs/%C3%BCber/#gr%C3%B6%C3%9Fe">x</a><a href="/w/docs/über">y</a>')];
    expect(checkLinks({ pages, files: [], originOf: () => null, readSource: () => null }, d).broken).toBe(0);
  });
});

describe('progress display', () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, write: (s: string) => chunks.push(s) } };
  };

  it('prints timestamped lines in CI or without a terminal, and nothing with --quiet', () => {
    const { chunks, stream } = sink(false);
    const p = createProgress({ quiet: false, verbose: false, stream, env: {}, now: () => new Date(2024, 0, 1, 12, 0, 1) });
    p.observer({ type: 'start', stage: 'extract' });
    p.observer({ type: 'end', stage: 'extract', ms: 340, count: 120, unit: 'pages' });
    expect(chunks.join('')).toBe('[12:00:01] extract: 120 pages (340 ms)\n');
    expect(progressMode({ quiet: false, verbose: false, stream: { isTTY: true, write: () => 0 }, env: { CI: 'true' } })).toBe('plain');
    expect(progressMode({ quiet: true, verbose: false, stream: { isTTY: true, write: () => 0 }, env: {} })).toBe('off');
  });

  it('redraws a task list in place on a terminal', () => {
    const { chunks, stream } = sink(true);
    const p = createProgress({ quiet: false, verbose: false, stream, env: { TERM: 'xterm' } });
    p.observer({ type: 'start', stage: 'snapshot' });
    p.observer({ type: 'end', stage: 'snapshot', ms: 12, count: 3, unit: 'files' });
    p.observer({ type: 'start', stage: 'extract' });
    expect(chunks[0]).toMatch(/….* snapshot\n$/);
    // Second draw: cursor up one line, clear, the finished row with count and time.
    expect(chunks[1]).toMatch(/^\x1b\[1A\x1b\[J {2}.*✔.* snapshot +3 files +.*12 ms/);
    expect(chunks[2]).toMatch(/^\x1b\[1A\x1b\[J.*snapshot.*\n.*….* extract\n$/);
  });
});

describe('stylish reporter', () => {
  it('groups problems by file with their hints and counts them', () => {
    const text = stylish([
      { code: 'E_LINK_BROKEN', severity: 'error', message: 'second', repo: 'w', file: 'b.md', line: 2 },
      { code: 'W_MD_BINARY', severity: 'warning', message: 'first', repo: 'w', file: 'a.md', line: 9, column: 3, hint: 'fix it' },
      { code: 'I_DEEPENED', severity: 'info', message: 'general' },
    ]);
    expect(text).toBe(
      ['(general)', '  -  info     general  I_DEEPENED', '', 'w:a.md', '  w:a.md:9:3  warning  first  W_MD_BINARY', '      hint: fix it', '', 'w:b.md', '  w:b.md:2  error    second  E_LINK_BROKEN', '', '2 problems (1 error, 1 warning)', ''].join('\n'),
    );
  });
});
