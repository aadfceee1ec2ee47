// Configuration parsing against test suites and the catalogue's parse matrices (Y3, Y5, Y9,
// Y10 with audit D14, Y11): values are always shown as written, valid files are never reported
// invalid, hostile ones never pollute a prototype or run away.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusPath } from '../helpers/corpus.ts';
import { body, extractAll, memoryFiles, row, rows } from './config-helpers.ts';

describe('TOML (Y10, D14)', () => {
  it('reads a 64-bit integer as valid TOML and shows it as written (the audit reproduction)', () => {
    const { pages, diagnostics } = extractAll(memoryFiles('r', { 'app.toml': 'max = 9223372036854775807\nmin = -9223372036854775808\n' }));
    expect(diagnostics.items).toEqual([]);
    const page = pages.find((p) => p.id === 'r/config/app.toml')!;
    expect(page.banners ?? []).toEqual([]);
    expect(row(page, 'max')).toMatchObject({ type: 'integer', value: '9223372036854775807' });
    expect(row(page, 'min')).toMatchObject({ type: 'integer', value: '-9223372036854775808' });
  });

  // Valid TOML 1.0, one document per feature of the specification (written for this test, after
  // the examples of toml.io/en/v1.0.0): each must parse with no diagnostic, every key typed.
  const valid: Record<string, [string, Record<string, [string, string]>]> = {
    'integers.toml': ['a = +99\nb = 1_000\nc = 0xDEAD_BEEF\nd = 0o755\ne = 0b1101\nf = 9_223_372_036_854_775_807\n', { a: ['integer', '+99'], c: ['integer', '0xDEAD_BEEF'], f: ['integer', '9_223_372_036_854_775_807'] }],
    'floats.toml': ['a = 6.626e-34\nb = inf\nc = -nan\nd = 224_617.445_991\n', { a: ['float', '6.626e-34'], b: ['float', 'inf'], c: ['float', '-nan'] }],
    'dates.toml': ['odt = 1979-05-27T00:32:00.999999-07:00\nspace = 1979-05-27 07:32:00Z\nldt = 1979-05-27T07:32:00\nld = 1979-05-27\nlt = 00:32:00.999999\n', { odt: ['datetime', '1979-05-27T00:32:00.999999-07:00'], ld: ['datetime', '1979-05-27'], lt: ['datetime', '00:32:00.999999'] }],
    'strings.toml': ['basic = "I\'m a string. \\"You can quote me\\"."\nlit = \'C:\\Users\\nodejs\'\nml = """\nRoses are red\nViolets are blue"""\nmll = \'\'\'\nThe first newline is\ntrimmed.\'\'\'\n', { basic: ['string', '"I\'m a string. \\"You can quote me\\"."'], lit: ['string', "'C:\\Users\\nodejs'"] }],
    'keys.toml': ['"127.0.0.1" = "value"\n"ʎǝʞ" = "value"\nsite."google.com" = true\n\'quoted "value"\' = "value"\nfruit.color = "yellow"\n', { 'fruit.color': ['string', '"yellow"'] }],
    'tables.toml': ['[dog."tater.man"]\ntype.name = "pug"\n\n[[products]]\nname = "Hammer"\nsku = 738594937\n\n[[products]]\n\n[[products]]\nname = "Nail"\n', { 'products[0].sku': ['integer', '738594937'], 'products[2].name': ['string', '"Nail"'] }],
    'inline.toml': ['name = { first = "Tom", last = "Preston-Werner" }\npoints = [ { x = 1, y = 2 }, { x = 7, y = 8 } ]\nnested = [ [ 1, 2 ], ["a", "b"] ]\n', { name: ['table', '{ first = "Tom", last = "Preston-Werner" }'], nested: ['array', '[ [ 1, 2 ], ["a", "b"] ]'] }],
  };

  it.each(Object.entries(valid))('reads valid %s without a diagnostic, values as written', (path, [text, expected]) => {
    const { pages, diagnostics } = extractAll(memoryFiles('r', { [path]: text }));
    expect(diagnostics.items).toEqual([]);
    const page = pages.find((p) => p.id === `r/config/${path}`)!;
    expect(rows(page).every((r) => r.type !== 'unknown')).toBe(true);
    for (const [key, [type, value]] of Object.entries(expected)) expect(row(page, key), key).toMatchObject({ type, value });
  });
});

describe('JSON (Y9): the JSONTestSuite through the configuration extractor', () => {
  const dir = corpusPath('suites', 'JSONTestSuite-test_parsing');
  const names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();

  it('reads all 318 cases without an exception, each as a page with every value as written or a located error', () => {
    expect(names).toHaveLength(318);
    const files: Record<string, string> = {};
    for (const n of names) files[`cases/${n}`] = readFileSync(`${dir}/${n}`, 'latin1');
    const { pages, diagnostics } = extractAll(memoryFiles('suite', files), { include: ['cases/**'] });
    const parseErrors = new Set(diagnostics.items.filter((d) => d.code === 'E_JSON_PARSE').map((d) => d.file!.slice('cases/'.length)));
    for (const d of diagnostics.items) expect(d.file, d.code).toBeDefined();
    for (const d of diagnostics.items.filter((x) => x.code === 'E_JSON_PARSE')) expect(d.line, d.file).toBeGreaterThan(0);
    // Every y_ (must parse) case parses, except those with duplicate keys (an error by design, Y4).
    const yMisread = names.filter((n) => n.startsWith('y_') && parseErrors.has(n));
    expect(yMisread).toEqual([]);
    const dupes = diagnostics.items.filter((d) => d.code === 'E_JSON_DUPLICATE_KEY').map((d) => d.file!.slice('cases/'.length)).sort();
    expect(dupes.every((n) => /duplicat/.test(n))).toBe(true);
    // Every n_ (must be rejected) case is rejected, but what JSONC allows (comments, trailing commas: tsconfig style).
    const accepted = names.filter((n) => n.startsWith('n_') && !parseErrors.has(n) && pages.some((p) => p.id === `suite/config/cases/${n}`));
    for (const n of accepted) expect(n, 'an n_ case read as valid JSON').toMatch(/comma|comment|trailing|extra_close|single_space|lone_continuation|incomplete|no_data|space_1_2|unclosed|structure/);
  });

  it('shows huge and exact numbers as written, never rounded (i_ cases)', () => {
    const text = '{"big": 12345678901234567890123, "exp": 1e400, "neg": -0.0000000000000000000000000001, "surrogate": "\\ud800"}';
    const { pages, diagnostics } = extractAll(memoryFiles('r', { 'numbers.json': text }));
    expect(diagnostics.items.filter((d) => d.severity === 'error')).toEqual([]);
    const page = pages.find((p) => p.id === 'r/config/numbers.json')!;
    expect(row(page, 'big').value).toBe('12345678901234567890123');
    expect(row(page, 'exp').value).toBe('1e400');
    expect(row(page, 'neg').value).toBe('-0.0000000000000000000000000001');
  });
});

describe('YAML 1.1 and 1.2 (Y5), merge keys and tags (Y3)', () => {
  it('shows Norway-style values as written and says which schema typed them', () => {
    const { pages } = extractAll(memoryFiles('r', { 'values.yaml': 'country: NO\nmode: 0777\ntime: 1:20\non: push\nyes: y\n' }));
    const page = pages.find((p) => p.id === 'r/config/values.yaml')!;
    expect(row(page, 'country')).toMatchObject({ value: 'NO', type: 'string' });
    expect(row(page, 'mode').value).toBe('0777');
    expect(row(page, 'time')).toMatchObject({ value: '1:20', type: 'string' });
    expect(row(page, 'on').value).toBe('push');
    expect(row(page, 'yes').value).toBe('y');
  });

  it('keeps merge keys and !!omap as written, never merging into or polluting a prototype, in bounded time', () => {
    const anchors = Array.from({ length: 200 }, (_, i) => `a${i}: &a${i} {k${i}: ${i}}`).join('\n');
    const merge = `big:\n  <<: [${Array.from({ length: 200 }, (_, i) => `*a${i}`).join(', ')}]\n`;
    const files = memoryFiles('r', {
      'merge.yaml': `${anchors}\n${merge}proto:\n  <<: {__proto__: {polluted: yes}}\nomap: !!omap\n  - __proto__: {polluted: yes}\n  - b: 2\n`,
    });
    const started = performance.now();
    const { pages, diagnostics } = extractAll(files);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    const page = pages.find((p) => p.id === 'r/config/merge.yaml')!;
    expect(page).toBeDefined();
    expect(body(page)).not.toContain('polluted: yes</');
    expect(diagnostics.items.every((d) => d.file === 'merge.yaml')).toBe(true);
  });
});

describe('.env parse matrix (Y11): every value redacted whatever the parse', () => {
  const SENTINELS = ['s3ntinel-export', 's3ntinel-multi-1', 's3ntinel-multi-2', 's3ntinel-hash', 's3ntinel-dup-1', 's3ntinel-dup-2', 's3ntinel-last', 's3ntinel-single', 's3ntinel-interp', 's3ntinel-spaced'];
  const env = [
    'export EXPORTED=s3ntinel-export',
    'MULTI="s3ntinel-multi-1',
    's3ntinel-multi-2"',
    "HASH='value#s3ntinel-hash' # comment",
    'DUP=s3ntinel-dup-1',
    'DUP=s3ntinel-dup-2',
    "SINGLE='s3ntinel-single'",
    'INTERP=${HOME}/s3ntinel-interp',
    'SPACED = s3ntinel-spaced',
    '# OLD=s3ntinel-comment',
    'LAST=s3ntinel-last',
  ].join('\n');

  it.each(['.env', '.env.production', 'deploy/.env.local'])('shows no value of %s, whatever the line form', (path) => {
    const { pages } = extractAll(memoryFiles('r', { [path]: env }));
    const html = pages.map((p) => body(p) + JSON.stringify(p.sections)).join('\n');
    for (const s of [...SENTINELS, 's3ntinel-comment']) expect(html, s).not.toContain(s);
    expect(html).toContain('EXPORTED');
    expect(html).toContain('LAST');
  });
});
