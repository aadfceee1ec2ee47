// What `livewiki init` writes. Plain strings (no templating engine): the only variables are the
// branch name and the output folder, both validated by the caller.

/**
 * The config lives in the documented repository, so it is that repository's content: JSON (never
 * run) with content keys only. CI-side settings (output, cache, templates, secrets.allow) go on
 * the workflow's command line or into a config outside the repository (README, "Configuration").
 */
export function configJson(): string {
  return `${JSON.stringify(
    {
      $schema: './node_modules/livewiki/schema/livewiki.config.schema.json',
      repos: [{ path: '.' }],
      failOn: 'error',
    },
    null,
    2,
  )}\n`;
}

export function githubWorkflow(branch: string): string {
  return `# Builds the wiki on every merge and publishes it with GitHub Pages
# (Settings → Pages → Source: GitHub Actions). Written by \`livewiki init\`.
# Only merged commits are built (no pull_request trigger): livewiki.config.json is repository
# content and may set content keys only; CI-side settings stay on the command lines below.
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
      # livewiki keeps its cache outside the checkout (it refuses one inside a documented repository).
      - uses: actions/cache@v4
        with:
          path: ~/.cache/livewiki
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
    # livewiki's cache, outside the checkout: livewiki refuses a cache inside a documented repository.
    LIVEWIKI_CACHE: /tmp/livewiki-cache-$CI_JOB_ID
  cache:
    # Incremental builds: the newest cache of the branch is restored, then updated. GitLab caches
    # paths inside the project only, so the cache travels as .livewiki-cache and is moved out of
    # the checkout before livewiki runs; one that git tracks (committed) or a link is dropped.
    key: livewiki-$CI_COMMIT_REF_SLUG
    paths:
      - .livewiki-cache/
  script:
    - if [ -d .livewiki-cache ] && [ ! -L .livewiki-cache ] && [ -z "$(git ls-files -- .livewiki-cache)" ]; then mv .livewiki-cache "$LIVEWIKI_CACHE"; else rm -rf .livewiki-cache; fi
    - npx --yes livewiki check --cache "$LIVEWIKI_CACHE"
    # CI_PAGES_URL: where GitLab Pages serves the site (canonical URLs and the 404 page use it).
    - npx --yes livewiki build --out public --cache "$LIVEWIKI_CACHE" --site "$CI_PAGES_URL"
    - mv "$LIVEWIKI_CACHE" .livewiki-cache
  artifacts:
    paths:
      - public
  # One build at a time writes the site.
  resource_group: livewiki-pages
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
`;
}
