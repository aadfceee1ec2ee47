import { describe, expect, it } from 'vitest';
import { body, extractAll, memoryFiles, row } from './config-helpers.ts';

const aliasBomb = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  '',
].join('\n');

const files = memoryFiles('bad', {
  'bomb.yaml': aliasBomb,
  'deep.yaml': `x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
  'deep-map.yaml': `${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`,
  'deep.json': `${'['.repeat(5000)}${']'.repeat(5000)}`,
  'dupes.yaml': 'name: a\npassword: one\nname: b\n',
  'dupes.json': '{\n  "a": 1,\n  "a": 2\n}\n',
  'broken.toml': 'title = "x"\n[server\nport = 1\n',
  'proto.yaml': '__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\n',
  'proto.json': '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
  'tags.yaml': 'Bucket: !Ref MyBucket\nArn: !GetAtt [Role, Arn]\nfn: !!js/function "function () { globalThis.pwned = true }"\n',
  'crlf.yaml': '\uFEFFa: 1\r\nb:\r\n  c: 2\r\n',
  'good.yaml': '# fine\nok: true\n',
});

describe('configuration extraction on hostile or broken input', () => {
  const started = performance.now();
  const { pages, diagnostics } = extractAll(files);
  const elapsed = performance.now() - started;
  const page = (path: string) => pages.find((p) => p.id === `bad/config/${path}`)!;
  const diag = (file: string) => diagnostics.items.filter((d) => d.file === file);

  it('finishes quickly and still extracts the good files', () => {
    expect(elapsed).toBeLessThan(5000);
    expect(row(page('good.yaml'), 'ok')).toMatchObject({ value: 'true', description: 'fine' });
    expect(pages.filter((p) => p.kind === 'config')).toHaveLength(12);
  });

  it('reports an alias bomb with its line and shows aliases as written', () => {
    expect(diag('bomb.yaml')).toEqual([expect.objectContaining({ code: 'E_YAML_ALIASES', severity: 'error', line: 2 })]);
    expect(row(page('bomb.yaml'), 'g[0]').value).toBe('*f');
    expect(page('bomb.yaml').banners?.[0]?.severity).toBe('error');
  });

  it('reports 5,000-deep nesting as a located error instead of crashing', () => {
    expect(diag('deep.yaml').map((d) => d.code)).toContain('E_YAML_TOO_DEEP');
    expect(diag('deep.yaml').every((d) => d.line === 1)).toBe(true);
    expect(diag('deep-map.yaml').length).toBeGreaterThan(0);
    expect(diag('deep-map.yaml')[0]?.line).toBe(1);
    expect(page('deep.json')).toBeDefined();
    expect(Buffer.byteLength(body(page('deep.json')))).toBeLessThan(1_000_000);
  });

  it('reports duplicate keys with the line of the second one', () => {
    expect(diag('dupes.yaml')).toEqual([expect.objectContaining({ code: 'E_YAML_DUPLICATE_KEY', line: 3 })]);
    expect(diag('dupes.json')).toEqual([expect.objectContaining({ code: 'E_JSON_DUPLICATE_KEY', line: 3 })]);
    // Both values stay visible (and the secret one redacted), so the reader sees the conflict.
    expect(body(page('dupes.yaml'))).not.toContain('one');
  });

  it('reports invalid TOML with its line and column', () => {
    expect(diag('broken.toml')).toEqual([expect.objectContaining({ code: 'E_TOML_PARSE', line: 2 })]);
    expect(page('broken.toml').banners?.[0]?.message).toMatch(/^Line 2: This TOML file is invalid/);
  });

  it('never pollutes prototypes from __proto__ or constructor keys', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(row(page('proto.yaml'), '__proto__.polluted').value).toBe('yes');
    expect(row(page('proto.json'), '__proto__.polluted').value).toBe('true');
  });

  it('keeps custom tags as text and never evaluates them', () => {
    expect(row(page('tags.yaml'), 'Bucket')).toMatchObject({ type: '!Ref', value: 'MyBucket' });
    expect(row(page('tags.yaml'), 'Arn').type).toBe('!GetAtt');
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });

  it('tolerates a byte order mark and CRLF line endings', () => {
    expect(row(page('crlf.yaml'), 'b.c').value).toBe('2');
    expect(diag('crlf.yaml')).toEqual([]);
  });
});
