import { afterAll, describe, expect, it } from 'vitest';
import { diffConfig } from '../../src/changes/config.ts';
import { composeView } from '../../src/extract/config/formats.ts';
import { parseEnv } from '../../src/extract/config/flat.ts';
import type { ParseContext, ParsedConfig } from '../../src/extract/config/model.ts';
import { parseYaml } from '../../src/extract/config/yaml.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { pairs, script, versions } from './helpers.ts';

function ctx(path: string, text: string, secretFile = false): ParseContext {
  return { repo: 'r', path, text, diagnostics: new Diagnostics(), secretFile };
}

function yaml(path: string, text: string, compose = false): ParsedConfig {
  const c = ctx(path, text);
  const { parsed, docs } = parseYaml(c);
  if (compose) for (const d of docs) composeView(c, d, parsed);
  return parsed;
}

const brief = (changes: ReturnType<typeof diffConfig>) => changes.map((c) => `${c.change} ${c.key}: ${c.from ?? '∅'} → ${c.to ?? '∅'} | ${c.summary}`);

describe('config value history over a scripted repository', () => {
  const repos: TestRepo[] = [];
  afterAll(() => repos.forEach((r) => r.cleanup()));

  it('follows a key through three values, a rename and a removal', () => {
    const repo = TestRepo.init();
    repos.push(repo);
    const file = (timeoutKey: string | null, value: string) =>
      ['server:', ...(timeoutKey ? ['  # Seconds before a request is abandoned.', `  ${timeoutKey}: ${value}`] : []), '  port: 8080', '  host: 0.0.0.0', 'logging:', '  level: info', ''].join('\n');
    const shas = script(repo, [
      { message: 'config', files: { 'config/app.yaml': file('timeout', '30') } },
      { message: 'Raise timeout (#12)', author: 'Bob Builder <bob@example.com>', files: { 'config/app.yaml': file('timeout', '45') } },
      { message: 'INC-77: raise timeout again', files: { 'config/app.yaml': file('timeout', '60s') } },
      { message: 'Timeout as a duration string', files: { 'config/app.yaml': file('timeout', '"90s"') } },
      { message: 'Rename timeout (#14)', files: { 'config/app.yaml': file('request_timeout', '"90s"') } },
      { message: 'Drop request timeout (#15)', files: { 'config/app.yaml': file(null, '') } },
    ]);
    const parsed = versions(repo, 'config/app.yaml', shas).map((t) => yaml('config/app.yaml', t!));
    const steps = pairs(parsed, shas).map(({ before, after }) => brief(diffConfig(before, after)));
    expect(steps).toEqual([
      ['changed server.timeout: 30 → 45 | `server.timeout` changed from `30` to `45`'],
      ['changed server.timeout: 45 → 60s | `server.timeout` changed from `45` to `60s` (int → string)'],
      ['changed server.timeout: 60s → "90s" | `server.timeout` changed from `60s` to `"90s"`'],
      ['renamed server.request_timeout: server.timeout → server.request_timeout | `server.timeout` renamed to `server.request_timeout`'],
      ['removed server.request_timeout: "90s" → ∅ | `server.request_timeout` removed'],
    ]);
  });

  it('never shows a secret in a from or to, whether the key or the value gives it away', () => {
    const repo = TestRepo.init();
    repos.push(repo);
    const secrets = ['hunter2-very-secret-pass', 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8', 'ghp_' + 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2', 'postgres://app:Sup3rS3cretPw@db.internal:5432/app'];
    const shas = script(repo, [
      { message: 'secrets', files: { 'deploy/values.yaml': `db:\n  password: ${secrets[0]}\n  url: ${secrets[3]}\ngithub:\n  token_hint: ${secrets[1]}\n`, '.env': `API_KEY=${secrets[0]}\nDEBUG=false\n` } },
      { message: 'rotate', files: { 'deploy/values.yaml': `db:\n  password: new-${secrets[0]}\n  url: ${secrets[3]!.replace('5432', '6432')}\ngithub:\n  token_hint: ${secrets[2]}\n`, '.env': `API_KEY=rotated-${secrets[0]}\nDEBUG=true\n` } },
    ]);
    const [v1, v2] = versions(repo, 'deploy/values.yaml', shas).map((t) => yaml('deploy/values.yaml', t!));
    const changes = diffConfig(v1!, v2!);
    const env = versions(repo, '.env', shas).map((t) => parseEnv(ctx('.env', t!, true)));
    const envChanges = diffConfig(env[0]!, env[1]!);
    const all = JSON.stringify([changes, envChanges]);
    for (const s of secrets) expect(all).not.toContain(s);
    expect(all).not.toContain('Sup3rS3cretPw');
    // The URL's visible part (its port) still reads as a change, with the password as a marker;
    // two different tokens show the same marker, so their rotation is no visible change.
    expect(changes.map((c) => c.key)).toEqual(['db.url']);
    expect(changes[0]!.from).toMatch(/5432/);
    expect(changes[0]!.to).toMatch(/6432/);
    expect(changes[0]!.to).toMatch(/«redacted:/);
    // A real .env shows no values at all, so a rotated key is no visible change; DEBUG is not shown either.
    expect(envChanges).toEqual([]);
  });

  it('recognises a moved subtree and reports service facts on the service section', () => {
    const before = yaml('compose.yaml', 'services:\n  web:\n    image: nginx:1.25\n    ports: ["80:80"]\ncache:\n  redis:\n    host: r1\n    port: 6379\n', true);
    const after = yaml('compose.yaml', 'services:\n  web:\n    image: nginx:1.27\n    ports: ["80:80"]\nstores:\n  redis:\n    host: r1\n    port: 6379\n', true);
    const lines = brief(diffConfig(before, after));
    expect(lines).toContain('renamed stores: cache → stores | `cache` renamed to `stores`');
    expect(lines).toContain('renamed stores.redis.port: cache.redis.port → stores.redis.port | `cache.redis.port` renamed to `stores.redis.port`');
    expect(lines).toContain('changed services.web.image: nginx:1.25 → nginx:1.27 | `services.web.image` changed from `nginx:1.25` to `nginx:1.27`');
    expect(lines).toContain('changed services.web: nginx:1.25 → nginx:1.27 | Image changed from `nginx:1.25` to `nginx:1.27`');
    expect(lines.filter((l) => l.startsWith('removed') || l.startsWith('added'))).toEqual([]);
  });

  it('does not call two unrelated keys with a common value a rename', () => {
    const before = yaml('a.yaml', 'features:\n  beta: true\n  gamma: false\nlimits:\n  max: 10\n');
    const after = yaml('a.yaml', 'features:\n  gamma: false\nlimits:\n  max: 10\n  burst: true\n');
    expect(brief(diffConfig(before, after))).toEqual(['added limits.burst: true → true | `limits.burst` added with `true`'.replace('true → true', '∅ → true'), 'removed features.beta: true → ∅ | `features.beta` removed']);
  });
});
