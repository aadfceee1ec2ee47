// A real browser for end-to-end tests: Debian's Chromium driven by playwright-core (never a
// test tool's own browser download), and a tiny static server for a built output folder.
// Without Chromium (see chromium.ts) the browser tests are skipped, each with the reason.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { chromiumMissing, chromiumPath } from './chromium.ts';

export const CHROMIUM = chromiumPath();

/** Why browser tests cannot run here (no Chromium), or null when they can. */
export const BROWSER_MISSING = chromiumMissing();

/**
 * Skips the current test when there is no browser, with the reason in vitest's report; call it
 * first in a browser test, or pass it to `beforeEach` for a suite of them.
 */
export function needsBrowser(ctx: { skip(condition: boolean, note?: string): void }): void {
  if (BROWSER_MISSING) ctx.skip(true, BROWSER_MISSING);
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh, empty profile that is deleted on close. */
export async function launchBrowser(): Promise<TestBrowser> {
  if (BROWSER_MISSING) throw new Error(BROWSER_MISSING);
  const userDataDir = mkdtempSync(join(tmpdir(), 'livewiki-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /**
   * Serve the site under this path (`/team/wiki/`), as a GitHub Pages project site is: requests
   * outside it answer a plain 404 that is not the site's (another site's address).
   */
  prefix?: string;
}

/** Serves `root` on 127.0.0.1 with a random port; `/dir/` serves `dir/index.html`, misses serve 404.html. */
export async function serveStatic(root: string, options: ServeOptions = {}): Promise<StaticServer> {
  const base = normalize(root + sep);
  const prefix = options.prefix ?? '/';
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`prefix must start and end with "/": ${prefix}`);
  const server: Server = createServer((req, res) => {
    void (async () => {
      let path: string;
      try {
        path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      } catch {
        res.writeHead(400).end();
        return;
      }
      if (`${path}/` === prefix) {
        res.writeHead(301, { location: encodeURI(prefix) }).end();
        return;
      }
      if (!path.startsWith(prefix)) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: outside the served site');
        return;
      }
      const servedAs = path;
      path = `/${path.slice(prefix.length)}`;
      let file = normalize(join(base, path));
      if (!file.startsWith(base)) {
        res.writeHead(403).end();
        return;
      }
      if (path.endsWith('/')) file = join(file, 'index.html');
      try {
        if ((await stat(file)).isDirectory()) {
          res.writeHead(301, { location: `${encodeURI(servedAs)}/` }).end();
          return;
        }
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        const notFound = await readFile(join(base, '404.html')).catch(() => Buffer.from('Not found'));
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(notFound);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
