// Issue 17.3: a repository overview is titled by the project's name: the root package.json name,
// else the root README's own title, else the repository's id; never the file name "README".
// (The package-name case is also checked through build() in test/pipeline/nav-groups.test.ts.)
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { ExtractedPage } from '../../src/model/extracted.ts';
import { extractDocPage } from '../../src/extract/markdown/page.ts';
import { createTemplateEnv } from '../../src/render/handlebars.ts';
import { buildTree, projectTitle } from '../../src/structure/index.ts';
import { resolverFor } from '../extract/markdown-helpers.ts';

const templates = createTemplateEnv();

function readme(text: string, path = 'README.md'): ExtractedPage {
  return extractDocPage({ repo: 'rocket', path, text, links: resolverFor(), templates, diagnostics: new Diagnostics() })!;
}

function overviewTitle(manifestName: string | null, pages: ExtractedPage[]): string {
  const tree = buildTree('Wiki', [{ repo: 'rocket', title: projectTitle('rocket', manifestName, pages), pages }], new Diagnostics());
  return tree.nodes.find((n) => n.page.kind === 'repo-overview')!.page.title;
}

describe('the title of a repository overview', () => {
  it('is the package name when the root package.json has one', () => {
    expect(overviewTitle('@acme/rocket', [readme('# Rocket\n\nText.\n')])).toBe('@acme/rocket');
  });

  it('skips a monorepo root\'s placeholder package name for the README title or the repository id', () => {
    expect(overviewTitle('root', [readme('# tRPC\n\nText.\n')])).toBe('tRPC');
    expect(overviewTitle('acme-monorepo', [readme('<p>logo</p>\n')])).toBe('rocket');
    expect(overviewTitle('@acme/workspace', [])).toBe('rocket');
    expect(overviewTitle('rooted', [])).toBe('rooted');
  });

  it("is the README's first heading without a package name", () => {
    expect(overviewTitle(null, [readme('# Rocket launcher\n\nText.\n')])).toBe('Rocket launcher');
    expect(overviewTitle('  ', [readme('---\ntitle: From front matter\n---\n\nText.\n')])).toBe('From front matter');
  });

  it('is the repository id when the README has no title of its own, never "README"', () => {
    expect(readme('<p align="center">logo</p>\n\nText.\n').title).toBe('README');
    expect(overviewTitle(null, [readme('<p align="center">logo</p>\n\nText.\n')])).toBe('rocket');
    expect(overviewTitle(null, [readme('Text only.\n', 'readme.markdown')])).toBe('rocket');
  });

  it('is the repository id without a README', () => {
    expect(overviewTitle(null, [readme('# Guide\n', 'docs/guide.md')])).toBe('rocket');
  });
});
