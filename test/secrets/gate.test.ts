import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { SitePage } from '../../src/model/site.ts';
import { buildSite } from '../../src/site/index.ts';
import { gateOutput } from '../../src/site/gate.ts';
import { tempDir } from '../helpers/temp.ts';
import { makeBundle } from '../site/fixture.ts';
import { PRIVATE_KEY, SECRETS } from './corpus.ts';

const LEAK_ROUTE = '/demo/config/leak/';

/** A page whose body carries a raw token, as if redaction had been disabled. */
function leakyBundle() {
  const bundle = makeBundle();
  const leak: SitePage = {
    route: LEAK_ROUTE,
    title: 'Leak',
    description: 'A page rendered without redaction',
    repo: 'demo',
    bodyHtml: `<h1 id="top">Leak</h1><p>Deploy with <code>${SECRETS.github}</code> please.</p>`,
    toc: [],
    nav: { breadcrumbs: [{ title: 'Home', route: '/' }], sidebar: [] },
  };
  return { ...bundle, pages: [...bundle.pages, leak] };
}

describe('the secret gate before publishing', () => {
  const parent = tempDir('livewiki-gate-');
  const out = join(parent, 'dist');
  const blocked = new Diagnostics();
  let clean: Awaited<ReturnType<typeof buildSite>>;
  let leaky: Awaited<ReturnType<typeof buildSite>>;

  beforeAll(async () => {
    clean = await buildSite(makeBundle(), { outDir: out, diagnostics: new Diagnostics() });
    leaky = await buildSite(leakyBundle(), { outDir: out, diagnostics: blocked });
  }, 240_000);

  it('publishes a site without secrets (the gate has no false positive on our own output)', () => {
    expect(clean.published).toBe(true);
  });

  it('stops publishing when a token slipped past redaction, naming file, line and rule but not the value', () => {
    expect(leaky.published).toBe(false);
    const gate = blocked.items.filter((d) => d.code === 'E_SECRET_IN_OUTPUT');
    expect(gate.length).toBeGreaterThan(1);
    expect(gate.map((d) => d.file)).toContain('demo/config/leak/index.html');
    // The search index is compressed; the gate reads inside it.
    expect(gate.some((d) => /^pagefind\/fragment\/.+\.pf_fragment$/.test(d.file ?? ''))).toBe(true);
    for (const d of gate.filter((x) => x.file !== undefined && x.severity === 'error' && x.line !== undefined)) expect(d.message).toMatch(/rule github-token, fingerprint [0-9a-f]{16}/);
    expect(JSON.stringify(blocked.items)).not.toContain(SECRETS.github);
    expect(JSON.stringify(blocked.items)).not.toContain(SECRETS.github.slice(8, 20));
  });

  it('leaves the previous output intact', () => {
    expect(existsSync(join(out, 'demo/docs/guide/index.html'))).toBe(true);
    expect(existsSync(join(out, 'demo/config/leak/index.html'))).toBe(false);
  });

  it('publishes once every finding is accepted by its fingerprint', async () => {
    const allowed = blocked.items.filter((d) => d.code === 'E_SECRET_IN_OUTPUT').flatMap((d) => /fingerprint ([0-9a-f]{16})/.exec(d.message)?.[1] ?? []);
    const diagnostics = new Diagnostics();
    const result = await buildSite(leakyBundle(), { outDir: out, diagnostics, allowedSecretFingerprints: allowed });
    expect(diagnostics.items.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.published).toBe(true);
    expect(readFileSync(join(out, 'demo/config/leak/index.html'), 'utf8')).toContain(SECRETS.github);
  }, 240_000);
});

describe('the gate over an output folder', () => {
  it('finds a token inside a gzip-compressed file, with its line, and honours allowed fingerprints', async () => {
    const dir = tempDir('livewiki-scan-');
    mkdirSync(join(dir, 'pagefind'));
    writeFileSync(join(dir, 'pagefind', 'x.pf_fragment'), gzipSync(Buffer.from(`pagefind_dcd{"content":"one"}\nkey ${SECRETS.aws}\n`)));
    writeFileSync(join(dir, 'key.json'), JSON.stringify({ key: PRIVATE_KEY, truncatedExample: '-----BEGIN RSA PRIVATE KEY-----\nMIIEpQIBAAKCAQEAuyf...\n-----END RSA PRIVATE KEY-----' }));
    writeFileSync(join(dir, 'sitemap.xml'), `<urlset><loc>https://example.com/?t=${SECRETS.npm}</loc></urlset>`);
    // Ids, digests and cursors in API examples are not findings on their own (entropy redacts, it does not gate).
    writeFileSync(join(dir, 'index.html'), '<p>commit 0123456789abcdef0123456789abcdef01234567, id baf7cf21b1da41b4b0221008339ff357, cursor eyJuZXh0IjoiYTNiMmMxZDRlNWY2In0=</p>');
    // An assignment in a link the renderer does not touch, and a key id lower-cased into a route (D3).
    mkdirSync(join(dir, `r/${SECRETS.aws.toLowerCase()}`), { recursive: true });
    writeFileSync(join(dir, `r/${SECRETS.aws.toLowerCase()}/index.html`), `<a href="https://example.com/cb?access_token=${SECRETS.dbPassword}&amp;x=1">cb</a>`);
    const { findings } = await gateOutput(dir, new Set(), null);
    expect(findings.map((f) => [f.file, f.line, f.rule])).toEqual([
      ['key.json', 1, 'private-key'],
      ['pagefind/x.pf_fragment', 2, 'aws-access-key'],
      ['r/«redacted:aws-access-key»/index.html', undefined, 'aws-access-key'], // the path itself
      ['r/«redacted:aws-access-key»/index.html', 1, 'secret-assignment'],
      ['sitemap.xml', 1, 'npm-token'],
    ]);
    expect((await gateOutput(dir, new Set(findings.map((f) => f.fingerprint)), null)).findings).toEqual([]);
  });
});
