import { afterAll, describe, expect, it } from 'vitest';
import { diffMarkdown, type MarkdownVersion } from '../../src/changes/markdown.ts';
import { renderDiff } from '../../src/changes/text-diff.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { extractDoc } from '../extract/markdown-helpers.ts';
import { pairs, script, versions } from './helpers.ts';

function version(text: string): MarkdownVersion {
  return { text, sections: extractDoc(text, { path: 'docs/guide.md' }).doc.sections };
}

/** The diff as a reader sees it without styles: deletions in [-…-], insertions in {+…+}. */
function visible(html: string): string {
  return html
    .replace(/^<pre class="lw-diff">|<\/pre>$/g, '')
    .replace(/<del>([\s\S]*?)<\/del>/g, '[-$1-]')
    .replace(/<ins>([\s\S]*?)<\/ins>/g, '{+$1+}')
    .replace(/<span class="lw-diff-skip">([^<]*)<\/span>/g, '($1)')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

const doc = (install: string, usage: string) => `# Guide\n\nIntro.\n\n## Install\n\n${install}\n\n## Usage\n\n${usage}\n\n## Support\n\nAsk in #help.\n`;

describe('Markdown section diffs over a scripted history', () => {
  const repos: TestRepo[] = [];
  afterAll(() => repos.forEach((r) => r.cleanup()));

  it('shows both edits of a section edited twice, and leaves untouched sections out', () => {
    const repo = TestRepo.init();
    repos.push(repo);
    const shas = script(repo, [
      { message: 'guide', files: { 'docs/guide.md': doc('Run `npm install livewiki`.', 'Run `livewiki build`.') } },
      { message: 'Install with pnpm (#21)', author: 'Bob Builder <bob@example.com>', files: { 'docs/guide.md': doc('Run `pnpm add livewiki`.', 'Run `livewiki build`.') } },
      { message: 'Install globally (#22)', files: { 'docs/guide.md': doc('Run `pnpm add --global livewiki`.\n\nThen check `livewiki --version`.', 'Run `livewiki build`.') } },
    ]);
    const v = versions(repo, 'docs/guide.md', shas).map((t) => version(t!));
    const [first, second] = pairs(v, shas).map(({ before, after }) => diffMarkdown(before, after));
    expect(first!.map((d) => [d.key, d.change, d.summary])).toEqual([['install', 'changed', 'section edited (+2 −2 words)']]);
    expect(visible(first![0]!.diffHtml)).toBe('## Install\n\nRun `[-npm-]{+pnpm+} [-install-]{+add+} livewiki`.');
    expect(first![0]!.before).toBe('## Install\n\nRun `npm install livewiki`.');
    expect(first![0]!.after).toBe('## Install\n\nRun `pnpm add livewiki`.');
    expect(second!.map((d) => [d.key, d.change])).toEqual([['install', 'changed']]);
    expect(visible(second![0]!.diffHtml)).toBe('## Install\n\nRun `pnpm add {+--global +}livewiki`.{+\n\nThen check `livewiki --version`.+}');
    expect(JSON.parse(JSON.stringify(second))).toEqual(second);
  });

  it('recognises a renamed heading, an added and a removed section', () => {
    const before = version(doc('Run it.', 'Use it like this, with the flags below and the defaults.'));
    const after = version(doc('Run it.', 'Use it like this, with the flags below and the defaults.').replace('## Usage', '## Using livewiki').replace('## Support\n\nAsk in #help.\n', '## FAQ\n\nNone yet.\n'));
    expect(diffMarkdown(before, after).map((d) => [d.key, d.change, d.summary, d.fromKey ?? ''])).toEqual([
      ['using-livewiki', 'renamed', 'heading renamed from “Usage” to “Using livewiki” (+2 −1 words)', 'usage'],
      ['faq', 'added', 'section “FAQ” added', ''],
      ['support', 'removed', 'section “Support” removed', ''],
    ]);
  });

  it('escapes what it shows, redacts secrets before diffing and bounds its size', () => {
    const token = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    const before = version(doc('Use <b>this</b> & that.', 'x'));
    const after = version(doc(`Use <script>alert(1)</script> & token ${token}.`, 'x'));
    const [d] = diffMarkdown(before, after);
    expect(d!.diffHtml).not.toMatch(/<script|<b>/);
    expect(d!.diffHtml).toContain('Use &lt;<del>b</del><ins>script</ins>&gt;');
    expect(visible(d!.diffHtml)).toContain('Use <[-b-]{+script+}>');
    expect(JSON.stringify(d)).not.toContain(token.slice(4));
    const long = Array.from({ length: 3000 }, (_, i) => `line ${i}`).join('\n');
    const big = renderDiff(long, long.replace('line 1500', 'line fifteen hundred'), { maxChars: 2000 });
    expect(visible(big.html)).toContain('(⋯ 1498 unchanged lines ⋯)');
    expect(big.html.length).toBeLessThan(2100);
    const huge = renderDiff(long, long.split('\n').reverse().join('\n'), { maxChars: 2000 });
    expect(huge.truncated).toBe(true);
    expect(huge.html.length).toBeLessThan(2100);
    expect(huge.html.match(/<del>/g)?.length ?? 0).toBe(huge.html.match(/<\/del>/g)?.length ?? 0);
  });
});
