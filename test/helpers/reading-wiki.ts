// A repository whose wiki has every page kind and what strains a layout: code in several languages,
// a wide table of long words, an API with very long operation paths and parameter tables, a
// TypeScript package, configuration and requirements pages, and a renamed and a removed document
// (so the wiki has a redirect and a tombstone).
import { TestRepo } from './git-repo.ts';

export const LONG_PATH = '/v1/projects/{project_id}/environments/{environment_id}/logs';

export const GUIDE = `# Deployment guide

How to deploy the inventory service. The inventory ledger keeps every deployment.

## Install

\`\`\`bash
npm install --save inventory-client # the client
export INVENTORY_URL="https://inventory.example.com"
\`\`\`

## Use it from TypeScript

\`\`\`ts
import { Inventory } from 'inventory-client';

export async function countWidgets(limit: number = 10): Promise<number> {
  const inventory = new Inventory({ url: process.env.INVENTORY_URL });
  return (await inventory.list({ limit })).length;
}
\`\`\`

## Configuration

\`\`\`json
{ "retries": 3, "timeout": "30s", "verbose": true }
\`\`\`

\`\`\`nosuchlanguage
this stays plain: <no markup> & no colours
\`\`\`

| parameter | offset | query | environment_identifier_for_the_deployment | description |
| --- | --- | --- | --- | --- |
| \`pagination_offset_value\` | \`offset\` | \`query\` | \`production-eu-west-1-blue-green-canary\` | How many entries of the inventory to skip before the first one that is returned to the caller |
| \`pagination_limit_value\` | \`limit\` | \`filter\` | \`staging-us-east-2-blue-green-canary\` | How many entries of the inventory to return at most, whatever the filter says about them |
`;

export function api(): string {
  const op = (method: string, summary: string, id: string) => `    ${method}:
      tags: [logs]
      operationId: ${id}
      summary: ${summary}
      parameters:
        - name: project_id
          in: path
          required: true
          schema: { type: string }
        - name: environment_id
          in: path
          required: true
          schema: { type: string }
        - name: offset
          in: query
          description: How many log entries to skip before the first one returned.
          schema: { type: integer, minimum: 0, default: 0 }
        - name: query
          in: query
          description: A filter expression over the log entries, such as level:error.
          schema: { type: string }
      responses:
        '200':
          description: The log entries
          content:
            application/json:
              schema:
                type: object
                properties:
                  entries: { type: array, items: { type: string } }
`;
  return `openapi: 3.1.0
info:
  title: Inventory API
  version: '2.0'
tags:
  - name: logs
paths:
  ${LONG_PATH}:
${op('get', 'List the log entries of an environment', 'listEnvironmentLogs')}${op('delete', 'Delete the log entries of an environment', 'deleteEnvironmentLogs')}  ${LONG_PATH}/{log_entry_identifier}/attachments/{attachment_identifier}:
${op('get', 'Read one attachment of a log entry', 'readLogAttachment')}`;
}

export const TS_INDEX = `/** A client for the inventory service. */
export class Inventory {
  /** Where the service lives. */
  constructor(readonly options: { url: string }) {}
  /** Lists entries, at most \`limit\`. */
  async list(query: { limit: number }): Promise<string[]> {
    return [String(query.limit)];
  }
}

/** Counts entries. */
export function count(inventory: Inventory, limit = 10): Promise<number> {
  return inventory.list({ limit }).then((e) => e.length);
}
`;

export function makeReadingRepo(): { repo: TestRepo; shas: Record<string, string> } {
  const repo = TestRepo.init();
  const shas: Record<string, string> = {};
  repo.git('remote', 'add', 'origin', 'https://github.com/acme/inventory.git');
  repo
    .write('README.md', '# Inventory\n\nThe inventory service keeps track of widgets.\n\n## Quick start\n\n```sh\nnpm start\n```\n')
    .write('package.json', `${JSON.stringify({ name: 'inventory-client', version: '2.0.0', description: 'Inventory client', license: 'MIT', types: './dist/index.d.ts', engines: { node: '>=22' } }, null, 2)}\n`)
    .write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', outDir: 'dist', rootDir: 'src' }, include: ['src'] }))
    .write('src/index.ts', TS_INDEX)
    .write('docs/guide.md', GUIDE)
    .write('docs/old-notes.md', '# Old notes\n\nNotes nobody reads.\n\n## Archive\n\nOld.\n')
    .write('docs/endpoints.md', `# default: ${LONG_PATH}\n\nThe log endpoints, listed by path.\n`)
    .write('docs/draft.md', '# Draft\n\nA draft that will move.\n\n## Part one\n\nText.\n')
    .write('api/openapi.yaml', api())
    .write('compose.yaml', 'services:\n  web:\n    # The public web server.\n    image: nginx:1.27\n    ports:\n      - "8080:80"\n');
  shas.initial = repo.commit({ author: 'Alice Author <alice@example.com>', message: 'Add the inventory service' });
  return { repo, shas };
}

/** The second commit: the draft is renamed (a redirect) and the old notes removed (a tombstone). */
export function moveAndRemove(repo: TestRepo): string {
  repo.move('docs/draft.md', 'docs/published.md');
  repo.remove('docs/old-notes.md');
  return repo.commit({ author: 'Bob Builder <bob@example.com>', message: 'Publish the draft, drop the old notes (#7)' });
}
