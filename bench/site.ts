// `npm run bench -- site <pages>`: builds N synthetic pages with buildSite and the same pages as
// a plain Astro project (one Markdown file per page, same astro install), each in its own
// process, and prints time, peak RSS and output size with ratios (budget: 1.5x plain Astro).
// Every page has a TypeScript code block, which both highlight with Shiki. CPU time (the process
// and the children it waited for: Pagefind) is printed too: on a shared machine it is the
// steadier figure.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { HistoryEntry, Provenance } from '../src/model/page.ts';
import type { NavLink, SiteBundle, SitePage } from '../src/model/site.ts';
import { createTemplateEnv, type TemplateEnv } from '../src/render/handlebars.ts';
import { historyView, provenanceView } from '../src/render/view.ts';

const run = promisify(execFile);

interface Measure {
  ms: number;
  /** User + system CPU of the process and its reaped children, milliseconds. */
  cpuMs: number;
  /** Bytes of the built pages (`index.html` files) only. */
  htmlBytes: number;
  astroMs?: number;
  searchMs?: number;
  maxRssMiB: number;
  bytes: number;
  files: number;
}

const WORDS = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon'.split(' ');

function words(seed: number, n: number): string {
  return Array.from({ length: n }, (_, i) => WORDS[(seed * 7 + i * 13) % WORDS.length]).join(' ');
}

interface Synthetic {
  route: string;
  title: string;
  sections: { anchor: string; title: string; text: string }[];
  /** A TypeScript snippet shown in the first section. */
  code: string;
}

/** Six lines of TypeScript, different on every page. */
function snippet(i: number): string {
  return [
    `import { Client } from '@acme/${WORDS[i % WORDS.length]}';`,
    '',
    `export async function fetch${i}(limit: number = ${i % 50}): Promise<string[]> {`,
    `  // ${words(i, 6)}`,
    `  const client = new Client({ retries: ${i % 5}, name: '${WORDS[(i * 3) % WORDS.length]}' });`,
    '  return (await client.list({ limit })).map((e) => e.id);',
    '}',
  ].join('\n');
}

/** N pages spread over repos of 100-page sections; deterministic content. */
export function syntheticPages(n: number): Synthetic[] {
  return Array.from({ length: n }, (_, i) => {
    const repo = `repo${Math.floor(i / 1000)}`;
    const section = `s${Math.floor(i / 100) % 10}`;
    return {
      route: `/${repo}/${section}/page-${i}/`,
      title: `Page ${i}`,
      sections: Array.from({ length: 4 }, (_, s) => ({ anchor: `part-${s}`, title: `Part ${s}`, text: words(i + s, 80) })),
      code: snippet(i),
    };
  });
}

const SHA = (i: number) => (i * 2654435761 >>> 0).toString(16).padStart(8, '0').repeat(5);
const PEOPLE = ['Ada Lovelace', 'Grace Hopper', 'Linus Torvalds', 'Chloé Ünicode'];

function syntheticCommit(i: number): HistoryEntry {
  const at = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString();
  return {
    commit: SHA(i),
    authors: [{ name: PEOPLE[i % PEOPLE.length]! }],
    authoredAt: at,
    committedAt: at,
    subject: `Tune the ${WORDS[i % WORDS.length]} handler (#${i % 900})`,
    refs: { pulls: [{ number: i % 900, url: `https://github.com/acme/repo/pull/${i % 900}` }], issues: [], tickets: [{ key: `OPS-${i % 97}`, url: `https://tracker.example.com/browse/OPS-${i % 97}` }] },
    url: `https://github.com/acme/repo/commit/${SHA(i)}`,
  };
}

function provOf(e: HistoryEntry): Provenance {
  return { status: 'known', commit: e.commit, authors: e.authors, authoredAt: e.authoredAt, committedAt: e.committedAt, subject: e.subject, refs: e.refs, url: e.url };
}

/**
 * The body livewiki renders for a page: through the real templates, with the provenance line,
 * 10 history entries, and a badge and copy-link button on every section.
 */
function renderedBody(templates: TemplateEnv, p: Synthetic, i: number): string {
  const history = Array.from({ length: 10 }, (_, k) => syntheticCommit(i + k));
  const bodyHtml = p.sections
    .map((s, k) => {
      const badge = templates.render('page/badge', { anchor: s.anchor, prov: provenanceView(provOf(history[k]!)) });
      // As the Markdown extractor renders a fence: escaped text in a language-classed code element.
      const code = k === 0 ? `\n<pre><code class="language-ts">${templates.escape(p.code)}\n</code></pre>` : '';
      return `<h2 id="${s.anchor}" class="lw-heading">${s.title} <a class="lw-anchor" href="#${s.anchor}"><span aria-hidden="true">#</span><span class="lw-visually-hidden">Link to this section</span></a>${badge}</h2>\n<p>${s.text}</p>${code}`;
    })
    .join('\n');
  return templates.render('page/page', {
    title: p.title,
    prov: provenanceView(provOf(history[0]!)),
    history: history.map(historyView),
    historyUrl: 'https://github.com/acme/repo/commits/main/docs/page.md',
    owners: ['@acme/docs'],
    banners: [],
    bodyHtml,
    afterHtml: '',
  });
}

export function syntheticBundle(pages: Synthetic[]): SiteBundle {
  const templates = createTemplateEnv();
  const bySection = new Map<string, Synthetic[]>();
  for (const p of pages) {
    const key = p.route.split('/').slice(0, 3).join('/');
    bySection.set(key, [...(bySection.get(key) ?? []), p]);
  }
  const sitePages: SitePage[] = pages.map((p, i) => {
    const key = p.route.split('/').slice(0, 3).join('/');
    // Bounded sidebar: at most 30 neighbours of the same section (DESIGN §6).
    const siblings = bySection.get(key) ?? [];
    const at = siblings.indexOf(p);
    const sidebar: NavLink[] = siblings.slice(Math.max(0, at - 15), at + 15).map((s) => ({ title: s.title, route: s.route, ...(s === p ? { current: true } : {}) }));
    return {
      route: p.route,
      title: p.title,
      description: `Synthetic page ${p.title}`,
      repo: p.route.split('/')[1] ?? null,
      bodyHtml: renderedBody(templates, p, i),
      toc: p.sections.map((s) => ({ anchor: s.anchor, title: s.title, depth: 2 })),
      nav: { breadcrumbs: [{ title: 'Home', route: '/' }], sidebar },
    };
  });
  sitePages.push({
    route: '/',
    title: 'Bench wiki',
    description: '',
    repo: null,
    bodyHtml: '<h1>Bench wiki</h1>',
    toc: [],
    nav: { breadcrumbs: [], sidebar: [] },
  });
  return {
    title: 'Bench wiki',
    pages: sitePages,
    assets: [],
    files: [{ outPath: 'livewiki.json', content: '{}\n' }],
    footer: { commits: [{ repo: 'repo0', sha: '0'.repeat(40), url: null }], builtAt: '2024-01-01T00:00:00Z', generator: 'livewiki bench' },
  };
}

function treeSize(dir: string): { bytes: number; files: number; htmlBytes: number } {
  let bytes = 0;
  let files = 0;
  let htmlBytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const size = statSync(join(entry.parentPath, entry.name)).size;
      bytes += size;
      files += 1;
      if (entry.name === 'index.html') htmlBytes += size;
    }
  }
  return { bytes, files, htmlBytes };
}

/** CPU milliseconds of this process and of the children it has waited for (Linux /proc). */
function cpuMs(): number {
  try {
    // Fields after the command name: utime, stime, cutime, cstime are the 12th–15th (clock ticks of 10 ms).
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) * 10;
  } catch {
    const u = process.resourceUsage();
    return Math.round((u.userCPUTime + u.systemCPUTime) / 1000);
  }
}

/** Child mode: one build, then prints its Measure as JSON. */
export async function child(kind: string, dir: string, n: number): Promise<void> {
  const started = performance.now();
  let astroMs: number | undefined;
  let searchMs: number | undefined;
  let out: string;
  if (kind === 'livewiki') {
    const { buildSite } = await import('../src/site/index.ts');
    const { Diagnostics } = await import('../src/model/diagnostics.ts');
    out = join(dir, 'dist');
    const diagnostics = new Diagnostics();
    const result = await buildSite(syntheticBundle(syntheticPages(n)), { outDir: out, diagnostics });
    if (!result.published) throw new Error(JSON.stringify(diagnostics.items));
    astroMs = result.timings.astro;
    searchMs = result.timings.search;
  } else {
    process.env.ASTRO_TELEMETRY_DISABLED = '1';
    const { build } = await import('astro');
    out = join(dir, 'dist');
    await build({ root: dir, outDir: out, logLevel: 'error' });
  }
  const ms = Math.round(performance.now() - started);
  const measure: Measure = { ms, cpuMs: cpuMs(), ...(astroMs === undefined ? {} : { astroMs }), ...(searchMs === undefined ? {} : { searchMs }), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), ...treeSize(out) };
  process.stdout.write(JSON.stringify(measure));
}

/** A plain Astro project with one Markdown page per synthetic page. */
function plainProject(dir: string, pages: Synthetic[]): void {
  const astroNodeModules = dirname(dirname(createRequire(import.meta.url).resolve('astro/package.json')));
  symlinkSync(astroNodeModules, join(dir, 'node_modules'), 'junction');
  writeFileSync(join(dir, 'package.json'), '{"type":"module","private":true}\n');
  for (const p of [...pages, { route: '/', title: 'Bench wiki', sections: [] as Synthetic['sections'] }]) {
    const file = join(dir, 'src/pages', p.route === '/' ? 'index.md' : `${p.route.slice(1, -1)}.md`);
    mkdirSync(dirname(file), { recursive: true });
    const fence = (k: number) => (k === 0 && 'code' in p ? `\n\`\`\`ts\n${p.code}\n\`\`\`\n` : '');
    writeFileSync(file, `---\ntitle: ${p.title}\n---\n\n# ${p.title}\n\nChanged by Ada in abc123\n\n${p.sections.map((s, k) => `## ${s.title}\n\n${s.text}\n${fence(k)}`).join('\n')}`);
  }
}

async function measure(kind: 'livewiki' | 'plain', dir: string, n: number): Promise<Measure> {
  const { stdout } = await run(process.execPath, [join(import.meta.dirname, 'run.ts'), 'site-child', kind, dir, String(n)], {
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Measure;
}

export async function benchSite(args: string[]): Promise<string> {
  const n = Number(args[0] ?? 1000);
  if (!Number.isInteger(n) || n < 1) throw new Error('usage: npm run bench -- site <pages>');
  const root = mkdtempSync(join(tmpdir(), 'livewiki-bench-site-'));
  try {
    const ours = join(root, 'livewiki');
    const plain = join(root, 'plain');
    mkdirSync(ours);
    mkdirSync(plain);
    plainProject(plain, syntheticPages(n));
    const a = await measure('plain', plain, n);
    const b = await measure('livewiki', ours, n);
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const kb = (bytes: number) => (bytes / 1024 / (n + 1)).toFixed(1);
    const ratio = (x: number, y: number) => (x / y).toFixed(2);
    return [
      `site bench, ${n} pages (+ home), each with a highlighted TypeScript block, node ${process.version}`,
      `plain Astro : ${(a.ms / 1000).toFixed(1)} s (CPU ${(a.cpuMs / 1000).toFixed(1)} s), peak RSS ${a.maxRssMiB} MiB, output ${mib(a.bytes)} MiB in ${a.files} files, ${kb(a.htmlBytes)} KB of HTML per page`,
      `livewiki    : ${(b.ms / 1000).toFixed(1)} s (CPU ${(b.cpuMs / 1000).toFixed(1)} s with Pagefind; astro ${((b.astroMs ?? 0) / 1000).toFixed(1)} s, pagefind ${((b.searchMs ?? 0) / 1000).toFixed(1)} s), peak RSS ${b.maxRssMiB} MiB (Node only; Pagefind is a separate process), output ${mib(b.bytes)} MiB in ${b.files} files, ${kb(b.htmlBytes)} KB of HTML and ${kb(b.bytes)} KB in all per page`,
      `ratio       : time ${ratio(b.ms, a.ms)}x, CPU ${ratio(b.cpuMs, a.cpuMs)}x (astro stage ${ratio(b.astroMs ?? 0, a.ms)}x), RSS ${ratio(b.maxRssMiB, a.maxRssMiB)}x, size ${ratio(b.bytes, a.bytes)}x (budget: time <= 1.5x)`,
    ].join('\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
