import { describe, expect, it } from 'vitest';
import { body, extractAll, lines, memoryFiles, row, rows } from './config-helpers.ts';

const compose = `services:
  # The web front end
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
    environment:
      LOG_LEVEL: info
      API_TOKEN: \${API_TOKEN}
    depends_on:
      - db
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost"]
  db:
    image: postgres:16
    volumes:
      - data:/var/lib/postgresql/data
volumes:
  data: {}
`;

const dockerfile = `# syntax=docker/dockerfile:1
ARG NODE_VERSION=22
FROM node:\${NODE_VERSION}-alpine AS build
WORKDIR /app
# Build mode
ENV NODE_ENV=production \\
    PORT=3000
RUN npm ci
FROM gcr.io/distroless/nodejs22 AS runtime
EXPOSE 3000 9090
USER nonroot
ENTRYPOINT ["node"]
CMD ["server.js"]
`;

const workflow = `name: CI
on:
  push:
    branches: [main]
  pull_request: {}
env:
  REGISTRY: ghcr.io
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm test
        env:
          NPM_TOKEN: \${{ secrets.NPM_TOKEN }}
  deploy:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh \${{ vars.TARGET_ENV }}
        env:
          DEPLOY_KEY: \${{ secrets.DEPLOY_KEY }}
`;

const gitlab = `stages: [test, deploy]
variables:
  GIT_DEPTH: "10"
test:
  stage: test
  image: node:22
  script:
    - npm ci
    - npm test
deploy:
  stage: deploy
  script:
    - ./deploy.sh --token "$DEPLOY_TOKEN"
`;

const envExample = `# Where the API listens
PORT=3000
export DATABASE_URL="postgres://app@localhost:5432/app"
API_KEY=<your-api-key>
FEATURE_X=false # turn on the new thing
`;

const toml = `# Service settings
title = "demo"

[server]
# Listen address
host = "0.0.0.0"
port = 8080 # the port
tags = [
  "a",
  "b",
]

[[plugins]]
name = "one"

[[plugins]]
name = "two"
`;

const ini = `; global settings
[core]
# Editor to use
editor = vim
autocrlf = false

[remote "origin"]
url = https://example.com/repo.git
`;

const properties = `# Server port
server.port=8080
app.name = Demo
app.description = A long \\
  description
`;

const k8s = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.2.3
          ports:
            - containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: debug
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: db
                  key: password
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: prod
spec:
  type: ClusterIP
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: prod
type: Opaque
data:
  password: aHVudGVyMi1zZWNyZXQ=
stringData:
  username: admin-user-name
`;

const packageJson = `{
  "name": "demo",
  "engines": { "node": ">=22" },
  "dependencies": { "express": "^5.1.0" },
  "devDependencies": { "vitest": "^5.1.1" }
}
`;

const files = memoryFiles('demo', {
  'compose.yaml': compose,
  'Dockerfile': dockerfile,
  '.github/workflows/ci.yml': workflow,
  '.gitlab-ci.yml': gitlab,
  '.env.example': envExample,
  'config/app.toml': toml,
  'settings.ini': ini,
  'src/main/resources/application.properties': properties,
  'deploy/web.yaml': k8s,
  'package.json': packageJson,
  '.nvmrc': 'v22.18.0\n',
  'package-lock.json': '{}',
  'node_modules/x/config.yaml': 'a: 1',
  'test/fixtures/sample.yaml': 'a: 1',
  'api/openapi.yaml': 'openapi: 3.1.0\ninfo: {title: x, version: "1"}\n',
  'tsconfig.json': '{}',
  '.env': 'SECRET_SAUCE=abc\n',
  'certs/server.key': 'not read',
  '.github/CODEOWNERS': '* @acme/all\n/deploy/ @acme/ops\n',
});
const { found, pages, diagnostics } = extractAll(files);
const page = (path: string) => {
  const p = pages.find((x) => x.id === `demo/config/${path}`);
  if (!p) throw new Error(`no page ${path}`);
  return p;
};

describe('configuration formats', () => {
  it('classifies files by kind and skips lock files, dependencies, fixtures, OpenAPI and package manifests', () => {
    expect(found).toEqual([
      { path: '.env', kind: 'secret-file' },
      { path: '.env.example', kind: 'env-example' },
      { path: '.github/workflows/ci.yml', kind: 'gh-workflow' },
      { path: '.gitlab-ci.yml', kind: 'gitlab-ci' },
      { path: 'Dockerfile', kind: 'dockerfile' },
      { path: 'certs/server.key', kind: 'secret-file' },
      { path: 'compose.yaml', kind: 'compose' },
      { path: 'config/app.toml', kind: 'toml' },
      { path: 'deploy/web.yaml', kind: 'k8s' },
      { path: 'settings.ini', kind: 'ini' },
      { path: 'src/main/resources/application.properties', kind: 'properties' },
    ]);
    expect(diagnostics.items.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('honours configured include and exclude globs', () => {
    const { found: f } = extractAll(files, { include: ['test/fixtures/**'], exclude: ['settings.ini', '.gitlab-ci.yml'] });
    const paths = f.map((x) => x.path);
    expect(paths).toContain('test/fixtures/sample.yaml');
    expect(paths).not.toContain('settings.ini');
    expect(paths).not.toContain('.gitlab-ci.yml');
  });

  it('reads compose services with images, ports, environment, volumes, depends_on and healthchecks', () => {
    const p = page('compose.yaml');
    const web = p.sections.find((s) => s.key === 'services.web');
    expect(web?.sources).toEqual([{ repo: 'demo', path: 'compose.yaml', lines: [3, 13] }]);
    const html = body(p);
    expect(html).toContain('<code>nginx:1.27</code>');
    expect(html).toContain('<code>8080:80</code>');
    expect(html).toContain('<code>API_TOKEN&#x3D;${API_TOKEN}</code>');
    expect(html).toContain('<dt>Depends on</dt><dd><code>db</code></dd>');
    expect(html).toContain('<code>CMD curl -f http://localhost</code>');
    expect(html).toContain('<code>data:/var/lib/postgresql/data</code>');
    expect(row(p, 'services.web.image')).toMatchObject({ value: 'nginx:1.27', type: 'string' });
    expect(lines(p, 'services.web.environment.LOG_LEVEL')).toEqual([8, 8]);
    // The service key row points at the service section instead of repeating it.
    expect(rows(p).find((r) => r.key === 'services.web')?.anchor).toBe('');
  });

  it('reads a Dockerfile: base images, ARG/ENV with defaults and comments, EXPOSE, USER, ENTRYPOINT/CMD', () => {
    const p = page('Dockerfile');
    expect(row(p, 'ARG.NODE_VERSION')).toMatchObject({ value: '22', type: 'build argument' });
    expect(row(p, 'build')).toMatchObject({ value: 'node:${NODE_VERSION}-alpine', type: 'base image' });
    expect(row(p, 'build.ENV.NODE_ENV')).toMatchObject({ value: 'production', description: 'Build mode' });
    expect(row(p, 'build.ENV.PORT').value).toBe('3000');
    expect(lines(p, 'build.ENV.PORT')).toEqual([6, 7]);
    expect(row(p, 'runtime.EXPOSE').value).toBe('3000 9090');
    expect(row(p, 'runtime.USER').value).toBe('nonroot');
    expect(row(p, 'runtime.ENTRYPOINT').value).toBe('["node"]');
    expect(row(p, 'runtime.CMD').value).toBe('["server.js"]');
    expect(body(p)).toContain('<dt>Base images</dt><dd><code>node:${NODE_VERSION}-alpine</code>, <code>gcr.io/distroless/nodejs22</code></dd>');
  });

  it('reads a GitHub workflow: `on` as a key under YAML 1.2, jobs, and the secrets and variables needed by name', () => {
    const p = page('.github/workflows/ci.yml');
    expect(row(p, 'on')).toMatchObject({ type: 'map' });
    expect(row(p, 'on.push.branches[0]').value).toBe('main');
    const html = body(p);
    expect(html).toContain('<dt>Triggers</dt><dd><code>push</code>, <code>pull_request</code></dd>');
    expect(html).toContain('<dt>Secrets needed</dt><dd><code>DEPLOY_KEY</code>, <code>NPM_TOKEN</code></dd>');
    expect(html).toContain('<dt>Variables needed</dt><dd><code>TARGET_ENV</code></dd>');
    expect(row(p, 'jobs.build.steps[1].env.NPM_TOKEN').value).toBe('${{ secrets.NPM_TOKEN }}');
    expect(p.sections.find((s) => s.key === 'jobs.deploy')?.sources[0]?.lines).toEqual([16, 22]);
  });

  it('reads GitLab CI: stages, jobs, defined variables and the ones it needs from CI/CD settings', () => {
    const p = page('.gitlab-ci.yml');
    const html = body(p);
    expect(html).toContain('<dt>Stages</dt><dd><code>test</code>, <code>deploy</code></dd>');
    expect(html).toContain('<dt>Variables needed (CI/CD settings)</dt><dd><code>DEPLOY_TOKEN</code></dd>');
    expect(p.sections.find((s) => s.key === 'deploy')?.sources[0]?.lines).toEqual([10, 13]);
    expect(row(p, 'variables.GIT_DEPTH').value).toBe('"10"');
  });

  it('reads .env.example keys with values, comments and placeholders', () => {
    const p = page('.env.example');
    expect(row(p, 'PORT')).toMatchObject({ value: '3000', description: 'Where the API listens' });
    expect(row(p, 'DATABASE_URL').value).toBe('"postgres://app@localhost:5432/app"');
    expect(row(p, 'API_KEY').value).toBe('<your-api-key>');
    expect(row(p, 'FEATURE_X')).toMatchObject({ value: 'false', description: 'turn on the new thing' });
    expect(lines(p, 'DATABASE_URL')).toEqual([3, 3]);
  });

  it('reads TOML with comments, types, multi-line values and arrays of tables', () => {
    const p = page('config/app.toml');
    expect(row(p, 'title')).toMatchObject({ value: '"demo"', type: 'string', description: 'Service settings' });
    expect(row(p, 'server')).toMatchObject({ type: 'table' });
    expect(row(p, 'server.host')).toMatchObject({ value: '"0.0.0.0"', description: 'Listen address' });
    expect(row(p, 'server.port')).toMatchObject({ value: '8080', type: 'integer', description: 'the port' });
    expect(row(p, 'server.tags').type).toBe('array');
    expect(lines(p, 'server.tags')).toEqual([8, 11]);
    expect(lines(p, 'server')).toEqual([4, 11]);
    expect(row(p, 'plugins[1].name').value).toBe('"two"');
    expect(lines(p, 'plugins[1].name')).toEqual([17, 17]);
  });

  it('reads INI sections and keys, and .properties with continuation lines', () => {
    const ip = page('settings.ini');
    expect(row(ip, 'core.editor')).toMatchObject({ value: 'vim', description: 'Editor to use' });
    expect(row(ip, 'core.autocrlf').value).toBe('false');
    expect(row(ip, '["remote \\"origin\\""].url').value).toBe('https://example.com/repo.git');
    expect(lines(ip, 'core')).toEqual([2, 5]);
    const pp = page('src/main/resources/application.properties');
    expect(row(pp, 'server.port')).toMatchObject({ value: '8080', description: 'Server port' });
    expect(row(pp, 'app.description').value).toBe('A long description');
    expect(lines(pp, 'app.description')).toEqual([4, 5]);
    expect(pp.navDir).toBe('src/main/resources');
  });

  it('reads Kubernetes Deployment, Service and Secret objects, never showing Secret values', () => {
    const p = page('deploy/web.yaml');
    const keys = p.sections.map((s) => s.key);
    expect(keys.slice(0, 3)).toEqual(['Deployment/prod/web', 'Service/prod/web', 'Secret/prod/db']);
    expect(p.sections[1]?.sources[0]?.lines).toEqual([24, 33]);
    const html = body(p);
    expect(html).toContain('<code>web: ghcr.io/acme/web:1.2.3</code>');
    expect(html).toContain('<code>DB_PASSWORD (from Secret db)</code>');
    expect(html).toContain('<code>80 → 8080</code>');
    expect(row(p, 'Deployment/prod/web:spec.replicas').value).toBe('3');
    expect(row(p, 'Secret/prod/db:data.password').value).toBe('«redacted:kubernetes-secret»');
    expect(row(p, 'Secret/prod/db:stringData.username').value).toBe('«redacted:kubernetes-secret»');
    expect(row(p, 'Secret/prod/db:metadata.name').value).toBe('db');
    expect(html).not.toContain('aHVudGVyMi1zZWNyZXQ');
    expect(html).not.toContain('admin-user-name');
  });

  it('gives each page its owners from CODEOWNERS (shown in the page header by the pipeline)', () => {
    expect(page('deploy/web.yaml').owners).toEqual(['@acme/ops']);
    expect(page('compose.yaml').owners).toEqual(['@acme/all']);
  });

  it('shows a real .env by key names only and never reads key files', () => {
    const p = page('.env');
    expect(row(p, 'SECRET_SAUCE').value).toBe('«redacted:secret-file»');
    expect(pages.find((x) => x.id === 'demo/config/certs/server.key')).toBeUndefined();
  });

  it('builds a Requirements page: runtimes, dependencies, environment and services with their sources', () => {
    const p = pages.find((x) => x.kind === 'requirements')!;
    expect(p.id).toBe('demo/requirements');
    const html = body(p);
    expect(html).toMatch(/<code>node<\/code><\/td><td><code>&gt;&#x3D;22<\/code>/);
    expect(html).toMatch(/<code>node<\/code><\/td><td><code>v22.18.0<\/code>/);
    expect(html).toContain('<code>node:${NODE_VERSION}-alpine</code>');
    expect(html).toMatch(/<code>express<\/code><\/td><td><code>\^5.1.0<\/code>/);
    expect(html).toMatch(/<code>vitest<\/code><\/td><td><code>\^5.1.1<\/code>/);
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'NPM_TOKEN', 'DEPLOY_KEY', 'TARGET_ENV', 'DEPLOY_TOKEN', 'DB_PASSWORD', 'SECRET_SAUCE', 'NODE_ENV']) {
      expect(html, name).toContain(`<code>${name}</code>`);
    }
    expect(html).not.toContain('abc</code>');
    expect(html).toMatch(/<code>web<\/code><\/td><td><code>nginx:1.27<\/code><\/td><td>8080:80<\/td>/);
    expect(html).toContain('<a href="/demo/compose.yaml/">compose.yaml</a>');
    const deps = p.sections.find((s) => s.key === 'dependencies');
    expect(deps?.sources).toEqual([{ repo: 'demo', path: 'package.json', lines: [4, 4] }]);
    expect(p.sources.map((s) => s.path)).toEqual(expect.arrayContaining(['.nvmrc', 'package.json', 'compose.yaml', 'Dockerfile', '.env']));
  });
});

describe('configuration discovery', () => {
  it('treats Dockerfile variants as Dockerfiles, but not source files named after them', async () => {
    const { discoverConfig } = await import('../../src/extract/config/index.ts');
    const { Diagnostics } = await import('../../src/model/diagnostics.ts');
    const paths = ['Dockerfile', 'docker/Dockerfile.dev', 'app.dockerfile', 'src/dockerfile.ts', 'src/Dockerfile.md'];
    const found = discoverConfig({ repo: 'r', paths, read: () => 'FROM node:24\n' }, {}, new Diagnostics());
    expect(found.filter((f) => f.kind === 'dockerfile').map((f) => f.path)).toEqual(['Dockerfile', 'app.dockerfile', 'docker/Dockerfile.dev']);
  });
});
