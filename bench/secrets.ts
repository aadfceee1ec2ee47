// `npm run bench -- secrets <built-site-dir> [runs]`: what the free-text assignment rules (issue
// 16) cost the two secret passes over a built site, side by side with a named baseline: the format
// rules alone (token formats, private keys, URL passwords, entropy for the render pass):
// - gate: every output file as the gate reads it (search fragments decompressed, HTML unescaped),
//   baseline = the gate's format rules, current = GATE_RULES (formats + assignments);
// - render: every text node of every HTML page, as `redactHtmlText` searches them, baseline =
//   CONTENT_RULES, current = TEXT_RULES.
// Baseline and current run alternately (`runs` times each, default 5) so load from other jobs hits
// both alike; medians of CPU time (user + system) are reported, with their ratio. Build the site
// first, e.g. `npm run livewiki -- build --repo <repo> --out <dir>`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listOutputFiles, scannableText } from '../src/secrets/index.ts';
import { findHits, piecePrefilter } from '../src/secrets/redact.ts';
import { CONTENT_RULES, GATE_RULES, TEXT_ASSIGNMENT_RULES, TEXT_RULES, type SecretRule } from '../src/secrets/rules.ts';
import { decodeEntities } from '../src/utils/entities.ts';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function cpuMs(fn: () => number): { ms: number; hits: number } {
  const start = process.cpuUsage();
  const hits = fn();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, hits };
}

/** Hits of `rules` over whole texts (the gate's reading). */
const gatePass = (texts: string[], rules: SecretRule[]) => () => texts.reduce((n, t) => n + findHits(t, rules).length, 0);

/** Hits of `rules` over the text nodes of pages, with the page-wide prefilter (the render stage's reading). */
const renderPass = (pages: string[], rules: SecretRule[]) => () => {
  let n = 0;
  for (const html of pages) {
    const mayHit = piecePrefilter(html, rules);
    const node = />([^<]+)</g;
    let m: RegExpExecArray | null;
    while ((m = node.exec(html)) !== null) {
      const text = m[1]!;
      const start = m.index + 1;
      if (!mayHit(start, start + text.length, text) && !text.includes('&')) continue;
      n += findHits(text.includes('&') ? decodeEntities(text) : text, rules).length;
    }
  }
  return n;
};

export async function benchSecrets(args: string[]): Promise<string> {
  const [dir, runsArg] = args;
  if (!dir) throw new Error('usage: npm run bench -- secrets <built-site-dir> [runs]');
  const runs = Number(runsArg ?? 5);
  const texts: string[] = [];
  const pages: string[] = [];
  for (const file of await listOutputFiles(dir)) {
    const text = scannableText(file, readFileSync(join(dir, file)));
    if (text === null) continue;
    const html = /\.html?$/i.test(file);
    texts.push(html ? decodeEntities(text) : text);
    if (html) pages.push(text);
  }
  const formats = GATE_RULES.filter((r) => !TEXT_ASSIGNMENT_RULES.includes(r));
  const pairs: [string, () => number, () => number][] = [
    ['gate', gatePass(texts, formats), gatePass(texts, GATE_RULES)],
    // Before D3 the key-id rules knew upper case only: their lower-case forms have rules of their own.
    ['gate (vs upper-case key ids only)', gatePass(texts, formats.filter((r) => r.scan !== 'lower-case ids')), gatePass(texts, GATE_RULES)],
    ['render', renderPass(pages, CONTENT_RULES), renderPass(pages, TEXT_RULES)],
  ];
  const lines = [`${texts.length} output texts (${(texts.reduce((n, t) => n + t.length, 0) / 1048576).toFixed(1)} MiB), ${pages.length} HTML pages; ${runs} runs each, alternating; CPU ms, medians`];
  for (const [name, baseline, current] of pairs) {
    baseline(); // warm up both (JIT, compiled patterns)
    current();
    const b: number[] = [];
    const c: number[] = [];
    let hits: [number, number] = [0, 0];
    for (let i = 0; i < runs; i++) {
      const x = cpuMs(baseline);
      const y = cpuMs(current);
      b.push(x.ms);
      c.push(y.ms);
      hits = [x.hits, y.hits];
    }
    lines.push(`${name}: baseline (format rules) ${median(b).toFixed(0)} ms, ${hits[0]} hits; current (+ assignments) ${median(c).toFixed(0)} ms, ${hits[1]} hits; ratio ${(median(c) / median(b)).toFixed(2)}x`);
  }
  return lines.join('\n');
}
