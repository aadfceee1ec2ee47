// Commit messages and author names are repository text like any other (RELIABILITY G21): a
// history written from an XSS corpus (rehype-sanitize and OWASP vectors, template and Markdown
// injections) and a secret corpus (token formats, a private key, assignments) is built through the
// whole pipeline. Every vector is shown as text, never as markup; no secret reaches any file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build, type BuildResult } from '../../src/pipeline/run.ts';
import { decodeEntities } from '../../src/utils/entities.ts';
import { filesContaining, listFiles } from '../helpers/files.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';
import { assigned, forbidden, PRIVATE_KEY, SECRETS } from '../secrets/corpus.ts';

/** Subjects that are markup, links or templates if anything renders them as such. */
const XSS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '"><iframe srcdoc="<script>alert(1)</script>">',
  '<a href="javascript:alert(1)">click</a>',
  '[click](javascript:alert(1)) and ![x](x" onerror="alert(1))',
  '<math><mi xlink:href="data:x,<script>alert(1)</script>">',
  "' onmouseover='alert(1)' x='",
  '</title><script>alert(1)</script>',
  '{{constructor.constructor(\'alert(1)\')()}} {{{body}}}',
];

/** Author names: git keeps `"`, `'`, `&` and `=` (it drops `<` and `>`). */
const NAMES = ['Eve " onmouseover="alert(1)', "Mallory ' onfocus='alert(1)", 'Trudy &amp;lt;script&gt; javascript:alert(1)', `Rotating ${SECRETS.npm}`];

/** Subjects (and one body) holding secrets. */
const SECRET_MESSAGES = [
  `Rotate ${SECRETS.aws} after the incident`,
  `Use ${SECRETS.github} for the release`,
  `Set aws_secret_access_key=${SECRETS.awsSecret}`,
  `Deploy with DEPLOY_TOKEN=${assigned('g21')}`,
  `Add the deploy key\n\n${PRIVATE_KEY}\n`,
];

let repo: TestRepo;
let out: string;
let result: BuildResult;
let wiki: LivewikiJson;
let html: string[];

beforeAll(async () => {
  repo = TestRepo.init();
  removeAfterFile(repo.root);
  let n = 0;
  const touch = (message: string, author?: string) => {
    n++;
    repo.write('docs/guide.md', `# Guide\n\n## Step ${n}\n\nText ${n}.\n`);
    repo.commit({ message, ...(author ? { author: `${author} <a${n}@example.com>` } : {}) });
  };
  for (const subject of XSS) touch(subject);
  for (const name of NAMES) touch(`Edit by ${name.split(' ')[0]}`, name);
  for (const message of SECRET_MESSAGES) touch(message);
  // The newest commit holds both: the page's "last changed" shows it.
  touch(`${XSS[1]} ${SECRETS.stripe}`, NAMES[0]);
  out = join(tempDir('livewiki-g21-'), 'site');
  result = await build(await loadConfig({ cwd: repo.root, out }));
  wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
  html = listFiles(out).filter((f) => f.endsWith('.html')).map((f) => readFileSync(join(out, f), 'utf8'));
}, 180_000);

describe('commit messages and author names from XSS and secret corpora (G21)', () => {
  it('publishes, with every subject and name in the history pages', () => {
    expect(result.published).toBe(true);
    // Every vector made it into the site (so what follows is about text that is there).
    const text = decodeEntities(html.join('\n'));
    for (const written of [...XSS, ...NAMES.slice(0, 3)]) expect(text.includes(written), written).toBe(true);
  });

  it('shows every vector as text: no element, attribute or URL comes from a commit', () => {
    const all = html.join('\n');
    expect(all).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i); // no on* attribute at all
    expect(all).not.toMatch(/(href|src|xlink:href)\s*=\s*["']?\s*(javascript|data):/i);
    expect(all).not.toMatch(/<(iframe|svg|math|img)\b[^>]*(alert|srcdoc)/i);
    for (const script of all.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) expect(script).not.toContain('alert(1)');
    // …and the text is there, escaped: a reader sees what was written.
    const text = decodeEntities(all);
    for (const subject of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', "{{constructor.constructor('alert(1)')()}} {{{body}}}"]) expect(text).toContain(subject);
    expect(text).toContain('Eve " onmouseover="alert(1)');
  });

  it('publishes no secret from a subject, a body or a name, anywhere (search index and livewiki.json included)', () => {
    for (const value of [...forbidden(), assigned('g21')]) if (value.length >= 8) expect(filesContaining(out, value), value.slice(0, 6)).toEqual([]);
    const subjects = JSON.stringify(wiki.pages.flatMap((p) => p.history ?? []));
    expect(subjects).toContain('Rotate «redacted:aws-access-key» after the incident');
    expect(subjects).toContain('Set aws_secret_access_key=«redacted:');
    expect(subjects).toContain('Deploy with DEPLOY_TOKEN=«redacted:secret-assignment»');
    expect(JSON.stringify(result.diagnostics)).not.toContain(SECRETS.github);
  });
});
