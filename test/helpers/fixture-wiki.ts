// A fixture repository with a scripted history that exercises provenance: merges, renames,
// squash subjects, co-authors, .mailmap, ticket keys, non-ASCII names, an image and CODEOWNERS.
import { TestRepo } from './git-repo.ts';

export const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export const ALICE = 'Alice Author <alice@example.com>';
export const BOB = 'Bob Builder <bob@example.com>';
export const CHLOE = 'Chloé Ünicode <chloe@example.com>';

export interface FixtureWiki {
  repo: TestRepo;
  shas: Record<string, string>;
}

/** A small API description; `postSummary` changes in a later commit. */
export function widgetsApi(postSummary: string): string {
  return `openapi: 3.1.0
info:
  title: Widgets API
  version: '1.0'
tags:
  - name: widgets
paths:
  /widgets:
    get:
      tags: [widgets]
      operationId: listWidgets
      summary: List widgets
      responses:
        '200':
          description: The widgets
    post:
      tags: [widgets]
      operationId: createWidget
      summary: ${postSummary}
      responses:
        '201':
          description: Created
`;
}

export function makeFixtureWiki(): FixtureWiki {
  const repo = TestRepo.init();
  const shas: Record<string, string> = {};
  repo.git('remote', 'add', 'origin', 'https://github.com/acme/widgets.git');
  repo
    .write('README.md', '# Widgets\n\nWidgets make things.\n\n## Install\n\nRun `npm install widgets`.\n\n## Usage\n\nCall `widget()`.\n')
    .write('package.json', JSON.stringify({ name: 'widgets', version: '1.2.3', description: 'Makes widgets', license: 'MIT' }, null, 2) + '\n')
    .write('docs/guide.md', '---\ntitle: The Guide\n---\n\nIntro to the guide.\n\n## Setup\n\nInstall it.\n\n## Tuning\n\nTune it.\n')
    .write('.mailmap', 'Bob Builder <bob@example.com> <bob@old.example.com>\n')
    .write('api/openapi.yaml', widgetsApi('Create a widget'))
    .write('compose.yaml', 'services:\n  web:\n    # The public web server.\n    image: nginx:1.27\n    ports:\n      - "8080:80"\n');
  shas.initial = repo.commit({ author: ALICE, message: 'Initial import' });

  repo.write('docs/guide.md', '---\ntitle: The Guide\n---\n\nIntro to the guide.\n\n## Setup\n\nInstall it with care.\n\n## Tuning\n\nTune it.\n');
  shas.setup = repo.commit({ author: 'Bob B <bob@old.example.com>', message: 'Explain setup better (#12)\n\nFixes #3\nRefs OPS-7 and UTF-8 handling.\n\nCo-authored-by: Chloé Ünicode <chloe@example.com>' });

  // A feature branch merged with a merge commit.
  repo.git('checkout', '-q', '-b', 'feature');
  repo.write('docs/api/README.md', '# API\n\nThe API overview links to [installing](../../README.md#install).\n\n![logo](img/logo.png)\n').write('docs/api/img/logo.png', PNG_1PX);
  shas.feature = repo.commit({ author: CHLOE, message: 'Add API docs' });
  repo.git('checkout', '-q', 'main');
  repo.write('docs/guide.md', '---\ntitle: The Guide\n---\n\nIntro to the guide.\n\n## Setup\n\nInstall it with care.\n\n## Tuning\n\nTune it gently.\n');
  repo.write('api/openapi.yaml', widgetsApi('Create a widget, tuned'));
  shas.tuning = repo.commit({ author: ALICE, message: 'OPS-9: gentler tuning' });
  repo.gitEnv(
    { GIT_AUTHOR_NAME: 'Bob Builder', GIT_AUTHOR_EMAIL: 'bob@example.com', GIT_COMMITTER_NAME: 'Bob Builder', GIT_COMMITTER_EMAIL: 'bob@example.com', GIT_AUTHOR_DATE: '2024-02-01T00:00:00Z', GIT_COMMITTER_DATE: '2024-02-01T00:00:00Z' },
    'merge', '-q', '--no-ff', 'feature', '-m', 'Merge pull request #45 from chloe/feature',
  );
  shas.merge = repo.head();

  repo.move('docs/guide.md', 'docs/handbook.md');
  shas.rename = repo.commit({ author: BOB, message: 'Rename the guide to handbook' });

  repo.write('docs/café.md', '# Café notes\n\nNon-ASCII names work.\n').write('CODEOWNERS', '* @acme/core\ndocs/ @acme/docs\n');
  shas.cafe = repo.commit({ author: CHLOE, message: 'Add café notes' });
  return { repo, shas };
}
