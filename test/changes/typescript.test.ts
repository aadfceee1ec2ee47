import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffTypeScript, parseCallSignature, releaseTags, sinceTags, symbolIndex } from '../../src/changes/typescript.ts';
import type { TsModel } from '../../src/extract/typescript/model.ts';
import { runTypedocChild } from '../../src/extract/typescript/runner.ts';
import { isolatedGitEnv, TestRepo } from '../helpers/git-repo.ts';

/** The package's API at `tag`, through the real extractor child (TypeDoc) on the tag's tree. */
async function apiAt(repo: TestRepo, tag: string, scratch: string[]): Promise<TsModel> {
  const root = mkdtempSync(join(tmpdir(), 'livewiki-tag-'));
  scratch.push(root);
  const tar = execFileSync('git', ['archive', '--format=tar', tag], { cwd: repo.root, env: isolatedGitEnv(), maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', root], { input: tar });
  const result = await runTypedocChild({ root, entryPoints: ['src/index.ts'], tsconfig: null, name: 'greeter', options: {} });
  if (!result.ok) throw new Error(result.message);
  return result.model;
}

const brief = (changes: ReturnType<typeof diffTypeScript>) => changes.map((c) => `${c.key} | ${c.change} | ${c.breaking ? 'breaking' : 'ok'} | ${c.check} | ${c.summary}`);

describe('TypeScript symbol history between release tags', () => {
  const repo = TestRepo.init();
  const scratch: string[] = [];
  const models = new Map<string, TsModel>();
  const tags = ['v1.0.0', 'deploy-2024-05', 'v1.1.0', 'v2.0.0-rc.1', 'v2.0.0'];

  beforeAll(async () => {
    repo.write('package.json', JSON.stringify({ name: 'greeter', version: '1.0.0', types: 'src/index.ts' }));
    repo.write('src/index.ts', '/** Says hello. */\nexport function greet(name: string): string {\n  return `Hello ${name}`;\n}\n');
    repo.commit('greeter 1.0.0');
    repo.git('tag', 'v1.0.0');
    repo.write('src/index.ts', '/** Says hello. */\nexport function greet(name: string): string {\n  return `Hello ${name}`;\n}\n\n/** Says goodbye. */\nexport function farewell(name: string, loud?: boolean): string {\n  return loud ? `BYE ${name}` : `Bye ${name}`;\n}\n');
    repo.commit('Add farewell (#3)');
    repo.git('tag', 'deploy-2024-05');
    repo.git('tag', 'v1.1.0');
    repo.write('src/index.ts', '/** Says hello. */\nexport function greet(name: string, greeting: string): string {\n  return `${greeting} ${name}`;\n}\n\n/**\n * Says goodbye.\n * @deprecated Use greet with a greeting.\n */\nexport function farewell(name: string, loud: boolean = false): string | null {\n  return loud ? `BYE ${name}` : `Bye ${name}`;\n}\n\nexport const VERSION: string = "2";\n');
    repo.commit('Greetings are explicit (#4)');
    repo.git('tag', 'v2.0.0-rc.1');
    repo.git('tag', 'v2.0.0');
    for (const tag of releaseTags(tags)) models.set(tag, await apiAt(repo, tag, scratch));
  }, 240_000);

  afterAll(() => {
    repo.cleanup();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  it('orders release tags by version and leaves out non-release tags and pre-releases', () => {
    expect(releaseTags(tags)).toEqual(['v1.0.0', 'v1.1.0', 'v2.0.0']);
    expect(releaseTags(tags, { prereleases: true })).toEqual(['v1.0.0', 'v1.1.0', 'v2.0.0-rc.1', 'v2.0.0']);
    expect(releaseTags(['v1.10.0', 'v1.9.0', 'v1.9.1', 'v10.0.0', 'v2.0.0'])).toEqual(['v1.9.0', 'v1.9.1', 'v1.10.0', 'v2.0.0', 'v10.0.0']);
    expect(releaseTags(['greeter@1.2.0', 'other@3.0.0', 'greeter@1.10.0', 'v0.1.0'], { pkg: 'greeter' })).toEqual(['v0.1.0', 'greeter@1.2.0', 'greeter@1.10.0']);
  });

  it('says a function gained a required parameter between two tags, and that it breaks callers', () => {
    const changes = diffTypeScript(models.get('v1.1.0')!, models.get('v2.0.0')!);
    expect(brief(changes).sort()).toEqual([
      'VERSION | added | ok | symbol-added | variable added',
      'farewell | changed | breaking | return-type-changed | return type changed from `string` to `string | null`',
      'farewell | deprecated | ok | symbol-deprecated | deprecated: Use greet with a greeting.',
      'greet | changed | breaking | parameter-added-required | required parameter `greeting` added',
    ]);
    // `loud?: boolean` → `loud: boolean = false` is still optional: no parameter change.
    const greet = changes.find((c) => c.key === 'greet')!;
    expect(greet.module).toBe('index');
    expect(greet.from).toBe('function greet(name: string): string');
    expect(greet.to).toBe('function greet(name: string, greeting: string): string');
    expect(JSON.parse(JSON.stringify(changes))).toEqual(changes);
  });

  it('derives "since" from the first release tag whose API has the symbol', () => {
    const ordered = releaseTags(tags).map((tag) => ({ tag, ids: [...symbolIndex(models.get(tag)!).keys()] }));
    expect(sinceTags(ordered)).toEqual({ 'index:greet': 'v1.0.0', 'index:farewell': 'v1.1.0', 'index:VERSION': 'v2.0.0' });
  });
});

describe('call signature rules', () => {
  it('reads parameters, optionality, defaults and the return type of rendered signatures', () => {
    expect(parseCallSignature('function f<T extends Record<string, (a: number) => void> = {}>(a: T, b?: { x: string, y: () => void } = {}, ...rest: string[]): Promise<Map<string, T>>')).toEqual({
      typeParameters: '<T extends Record<string, (a: number) => void> = {}>',
      params: [
        { name: 'a', optional: false, rest: false, type: 'T' },
        { name: 'b', optional: true, rest: false, type: '{ x: string, y: () => void }' },
        { name: 'rest', optional: true, rest: true, type: 'string[]' },
      ],
      returns: 'Promise<Map<string, T>>',
    });
    expect(parseCallSignature('const x: number')).toBeNull();
  });
});
