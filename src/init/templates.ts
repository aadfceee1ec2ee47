// What `livewiki init` writes. Plain strings (no templating engine): the only variables are the
// branch name and the output folder, both validated by the caller.

export function configTs(): string {
  return `// livewiki configuration: https://github.com/livewiki/livewiki#configuration
// A type-only import: the file runs without livewiki installed next to it (npx works too).
import type { UserConfig } from 'livewiki';

export default {
  // title: 'Platform wiki',
  repos: [{ path: '.' }],
  // tickets: { prefixes: ['OPS'], url: 'https://tracker.example.com/browse/{key}' },
  failOn: 'error',
  cacheDir: '.livewiki-cache',
} satisfies UserConfig;
`;
}

export function configJson(): string {
  return `${JSON.stringify(
    {
      $schema: './node_modules/livewiki/schema/livewiki.config.schema.json',
      repos: [{ path: '.' }],
      failOn: 'error',
      cacheDir: '.livewiki-cache',
    },
    null,
    2,
  )}\n`;
}

export function githubWorkflow(branch: string): string {
  return `# Builds the wiki on every merge and publishes it with GitHub Pages
# (Settings → Pages → Source: GitHub Actions). Written by \`livewiki init\`.
name: livewiki

on:
  push:
    branches: [${branch}]
  workflow_dispatch:

permissions:
  contents: read

# One deployment at a time; a newer merge waits instead of cancelling a deployment in progress.
concurrency:
  group: livewiki-pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      # actions/configure-pages reads where Pages serves the site.
      pages: read
    steps:
      - uses: actions/checkout@v5
        with:
          # Full history: without it every page would say "unknown" (or worse, the clone boundary).
          fetch-depth: 0
      - uses: actions/setup-node@v5
        with:
          node-version: 24
      # Incremental builds: history index, extraction, blame, built pages and search shards from the last build.
      - uses: actions/cache@v4
        with:
          path: .livewiki-cache
          key: livewiki-\${{ runner.os }}-\${{ github.sha }}
          restore-keys: |
            livewiki-\${{ runner.os }}-
      # Where Pages serves the wiki (https://<owner>.github.io/<repo>/ for a project site):
      # canonical URLs and the 404 page use it; every other link is relative to its page.
      - id: pages
        uses: actions/configure-pages@v5
      - run: npx --yes livewiki check --format github
      - run: npx --yes livewiki build --out livewiki-dist --format github --site "$PAGES_URL"
        env:
          PAGES_URL: \${{ steps.pages.outputs.base_url }}
      - uses: actions/upload-pages-artifact@v4
        with:
          path: livewiki-dist

  deploy:
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
`;
}

export function gitlabExample(): string {
  return `# GitLab CI: builds the wiki on every merge to the default branch and publishes it with
# GitLab Pages. Copy into .gitlab-ci.yml (or include it). Written by \`livewiki init\`.
pages:
  image: node:24
  variables:
    # Full history: without it provenance is unknown for most pages.
    GIT_DEPTH: "0"
  cache:
    # Incremental builds: the newest cache of the branch is restored, then updated.
    key: livewiki-$CI_COMMIT_REF_SLUG
    paths:
      - .livewiki-cache/
  script:
    - npx --yes livewiki check
    # CI_PAGES_URL: where GitLab Pages serves the site (canonical URLs and the 404 page use it).
    - npx --yes livewiki build --out public --site "$CI_PAGES_URL"
  artifacts:
    paths:
      - public
  # One build at a time writes the site.
  resource_group: livewiki-pages
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
`;
}
