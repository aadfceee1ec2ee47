// The TypeScript extractor on a real single-package repository: discovery, pages, sections with
// exact declaration line ranges (checked against git blame), signatures, docs and links.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { ExtractedPage } from '../../src/model/extracted.ts';
import { discoverTypeScript, type TsPackage } from '../../src/extract/typescript/index.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { blameShas, extract, repoFiles } from './typescript-helpers.ts';

const INDEX_V1 = `/**
 * The demo client library.
 * @module
 */
import { helper } from './util.ts';

/**
 * Creates a {@link Client} from {@link Options}.
 *
 * Reads like **Markdown**. <script>alert("x")</script> [bad](javascript:alert(1))
 * @typeParam T - the payload type
 * @param options - how to connect
 * @returns a ready client
 * @example
 * \`\`\`ts
 * const c = createClient({ url: 'https://x' });
 * \`\`\`
 * @since 1.2.0
 * @see {@link Mode} for modes
 */
export function createClient<T extends object>(options: Options): Client<T> {
  return new Client<T>(options.url);
}

/** Connection options. */
export interface Options {
  /** Where to connect. */
  url: string;
  retries?: number;
}

/**
 * A connected client.
 * @deprecated Use {@link createClient} instead.
 */
export class Client<T> {
  constructor(readonly url: string) {}

  /** Sends a payload. */
  send(payload: T): Promise<void> {
    return Promise.resolve();
  }
}

/** Transport mode. */
export type Mode = 'http' | 'ws';

export enum Level {
  Low,
  High = 'high',
}

/** Default mode. */
export const DEFAULT_MODE: Mode = 'http';

export namespace Tools {
  /** Inside a namespace. */
  export function inner(): number {
    return 1;
  }
}

export { helper };
`;

const INDEX_V2 = INDEX_V1.replace("return new Client<T>(options.url);", "const url = options.url.trim();\n  return new Client<T>(url);");

const UTIL = `/** Helps (overloaded). */
export function helper(x: number): number;
export function helper(x: string): string;
export function helper(x: unknown): unknown {
  return x;
}
`;

describe('a single TypeScript package', () => {
  let repo: TestRepo;
  let pkgs: TsPackage[];
  let pages: ExtractedPage[];
  let bodies: Map<string, string>;
  let diagnostics: Diagnostics;
  let first: string;
  let second: string;

  beforeAll(async () => {
    repo = TestRepo.init();
    repo.write('package.json', JSON.stringify({ name: '@demo/client', version: '1.2.3', description: 'A demo client.', types: './dist/index.d.ts', main: './dist/index.js' }, null, 2));
    repo.write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: true, outDir: 'dist', rootDir: 'src' }, include: ['src'] }));
    repo.write('src/index.ts', INDEX_V1).write('src/util.ts', UTIL);
    first = repo.commit('Add the client');
    repo.write('src/index.ts', INDEX_V2);
    second = repo.commit('Trim the url');
    const files = repoFiles(repo);
    const discovery = new Diagnostics();
    pkgs = discoverTypeScript(files, [], discovery);
    ({ pages, bodies, diagnostics } = await extract(files, pkgs[0]!));
  });
  afterAll(() => repo.cleanup());

  it('discovers the package and maps its built `types` back to the source entry point', () => {
    expect(pkgs).toEqual([{ dir: '', name: '@demo/client', entryPoints: ['src/index.ts'] }]);
  });

  it('makes a package page and a module page and a namespace page with stable ids and routes', () => {
    expect(pages.map((p) => [p.id, p.route, p.navDir])).toEqual([
      ['demo/typescript/.', '/demo/ts/demo-client/', ''],
      ['demo/typescript/./index', '/demo/ts/demo-client/index/', ''],
      ['demo/typescript/./index/Tools', '/demo/ts/demo-client/index/tools/', ''],
    ]);
    expect(pages.every((p) => p.kind === 'typescript')).toBe(true);
    expect(diagnostics.items.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('makes every exported symbol and member a section keyed by its qualified name', () => {
    const mod = pages[1]!;
    expect(mod.sections.map((s) => s.key)).toEqual([
      'Client',
      'Client.constructor',
      'Client.url',
      'Client.send',
      'DEFAULT_MODE',
      'Level',
      'Level.High',
      'Level.Low',
      'Mode',
      'Options',
      'Options.retries',
      'Options.url',
      'Tools',
      'createClient',
      'helper',
    ]);
    expect(mod.sections.every((s) => s.kind === 'symbol' && /^sym-/.test(s.anchor))).toBe(true);
    expect(pages[2]!.sections.map((s) => s.key)).toEqual(['Tools.inner']);
  });

  it('gives each section the exact lines of its declaration, JSDoc included', () => {
    const lines = Object.fromEntries(pages.slice(1).flatMap((p) => p.sections.map((s) => [s.key, s.sources.map((r) => `${r.path}:${r.lines!.join('-')}`).join(' ')])));
    expect(lines).toEqual({
      createClient: 'src/index.ts:7-24',
      Options: 'src/index.ts:26-31',
      'Options.url': 'src/index.ts:28-29',
      'Options.retries': 'src/index.ts:30-30',
      Client: 'src/index.ts:33-44',
      'Client.constructor': 'src/index.ts:38-38',
      'Client.url': 'src/index.ts:38-38',
      'Client.send': 'src/index.ts:40-43',
      Mode: 'src/index.ts:46-47',
      Level: 'src/index.ts:49-52',
      'Level.Low': 'src/index.ts:50-50',
      'Level.High': 'src/index.ts:51-51',
      DEFAULT_MODE: 'src/index.ts:54-55',
      Tools: 'src/index.ts:57-62',
      'Tools.inner': 'src/index.ts:58-61',
      helper: 'src/util.ts:1-6',
    });
  });

  it('ranges match git blame: only the changed function blames to the later commit', () => {
    const mod = pages[1]!;
    for (const s of [...mod.sections, ...pages[2]!.sections]) {
      const ref = s.sources[0]!;
      const shas = blameShas(repo, ref.path, ref.lines!);
      if (s.key === 'createClient') expect(shas).toEqual([first, second].sort());
      else expect(shas, s.key).toEqual([first]);
    }
    const [a, b] = mod.sections.find((s) => s.key === 'createClient')!.sources[0]!.lines!;
    // The lines just outside the range belong to other declarations / blank lines of the first commit.
    expect(blameShas(repo, 'src/index.ts', [a - 1, a - 1])).toEqual([first]);
    expect(blameShas(repo, 'src/index.ts', [b + 1, b + 1])).toEqual([first]);
  });

  it('renders signatures as escaped text with links to other symbols', () => {
    const body = bodies.get('/demo/ts/demo-client/index/')!;
    expect(body).toContain(
      'function createClient&lt;T extends object&gt;(options: <a href="/demo/ts/demo-client/index/#sym-options">Options</a>): <a href="/demo/ts/demo-client/index/#sym-client">Client</a>&lt;T&gt;',
    );
    expect(body).toContain('type Mode &#x3D; &quot;http&quot; | &quot;ws&quot;');
    expect(body).toContain('function helper(x: number): number\nfunction helper(x: string): string');
    expect(body).toContain('<a href="/demo/ts/demo-client/index/tools/">Members of <code>Tools</code></a>');
  });

  it('renders doc comments as sanitized Markdown with examples, since, see, deprecated and parameters', () => {
    const body = bodies.get('/demo/ts/demo-client/index/')!;
    expect(body).toContain('Creates a <a href="/demo/ts/demo-client/index/#sym-client">Client</a> from <a href="/demo/ts/demo-client/index/#sym-options">Options</a>.');
    expect(body).toContain('<strong>Markdown</strong>');
    expect(body).not.toMatch(/<script|javascript:/i);
    expect(body).toMatch(/<strong>Example<\/strong><pre><code class="language-ts">const c = createClient\(\{ url: 'https:\/\/x' \}\);/);
    expect(body).toContain('Since 1.2.0');
    expect(body).toContain('<a href="/demo/ts/demo-client/index/#sym-mode">Mode</a> for modes');
    expect(body).toMatch(/<strong>Deprecated.<\/strong> <p>Use <a href="[^"]+#sym-createclient">createClient<\/a> instead.<\/p>/);
    expect(body).toContain('<dt><code>options</code></dt><dd><p>how to connect</p></dd>');
    expect(body).toContain('<dt><code>T</code></dt><dd><p>the payload type</p></dd>');
    expect(body).toContain('<strong>Returns</strong> <p>a ready client</p>');
  });

  it('puts the badge right after each symbol heading and links the declaration on the forge', () => {
    const body = bodies.get('/demo/ts/demo-client/index/')!;
    for (const s of pages[1]!.sections) {
      expect(body).toMatch(new RegExp(`id="${s.anchor}"[^\\n]*<span class="lw-visually-hidden">Link to this section</span></a><span data-badge="${s.anchor}"></span></h[34]>`));
    }
    expect(body).toContain('<a href="https://forge.example/demo/blob/HEAD/src/index.ts#L7">Source: <code>src/index.ts:7</code></a>');
  });

  it('lists name, version, description, entry points and modules on the package page', () => {
    const body = bodies.get('/demo/ts/demo-client/')!;
    expect(body).toContain('<code>@demo/client</code> 1.2.3');
    expect(body).toContain('A demo client.');
    expect(body).toContain('<a href="https://forge.example/demo/blob/HEAD/src/index.ts#L1"><code>src/index.ts</code></a>');
    expect(body).toContain('<a href="/demo/ts/demo-client/index/"><code>index</code></a> <span class="lw-count">(8 exports)</span> <span class="lw-index-desc">The demo client library.</span>');
  });
});
