// A real git smart-HTTP server over TLS on 127.0.0.1, for `--deepen` tests: livewiki fetches only
// over https and ssh (catalogue G2), so a shallow clone's origin must be one. `git http-backend`
// (git's own CGI) answers the requests; the certificate is self-signed, made with openssl for this
// server, and a clone trusts it through its repository-local `http.sslCAInfo`.
import { execFileSync, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isolatedGitEnv } from './git-repo.ts';
import { tempDir } from './temp.ts';

export interface GitHttpsServer {
  /** `https://127.0.0.1:<port>/` + the repository's folder name under `projectRoot`. */
  url(name: string): string;
  /** PEM file of the certificate (give it to git as http.sslCAInfo). */
  caFile: string;
  /** Requests served so far. */
  hits: number;
  close(): Promise<void>;
}

/**
 * Serves the git repositories directly under `projectRoot` (e.g. `<root>/origin/.git` as `origin`).
 * `requireAuth`: every request is answered 401 with a Basic challenge (a private repository).
 */
export async function startGitHttpsServer(projectRoot: string, options: { requireAuth?: boolean } = {}): Promise<GitHttpsServer> {
  const dir = tempDir('livewiki-tls-');
  const key = join(dir, 'key.pem');
  const caFile = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', caFile, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const state = { hits: 0 };
  const server: Server = createServer({ key: readFileSync(key), cert: readFileSync(caFile) }, (req, res) => {
    state.hits += 1;
    if (options.requireAuth) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="private"', 'Content-Length': '0' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        ...isolatedGitEnv(),
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) } : {}),
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
        REMOTE_ADDR: '127.0.0.1',
      },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    req.pipe(cgi.stdin);
    // CGI output: headers, a blank line, then the body.
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const i = line.indexOf(':');
        if (i < 0) continue;
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else res.setHeader(name, value);
      }
      res.statusCode = status;
      res.write(head.subarray(end + 4));
    });
    cgi.on('close', () => res.end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: (name) => `https://127.0.0.1:${port}/${name}`,
    caFile,
    get hits() {
      return state.hits;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
