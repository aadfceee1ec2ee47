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
# Only merged commits are built and deployed: livewiki.config.json is repository content and may
# set content keys only; CI-side settings stay on the command lines below. A pull request gets
# one comment, updated in place, saying what it does to the wiki (\`livewiki diff\`); nothing is
# built or deployed from it, and it only reads the cache.
name: livewiki

on:
  push:
    branches: [${branch}]
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

# One deployment at a time: a newer merge waits instead of cancelling a deployment in progress.
# A pull request's newer push cancels its older comment run.
concurrency:
  group: livewiki-\${{ github.event_name == 'pull_request' && format('pr-{0}', github.event.pull_request.number) || 'pages' }}
  cancel-in-progress: \${{ github.event_name == 'pull_request' }}

jobs:
  build:
    if: github.event_name != 'pull_request'
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

  pull_request:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      contents: read
      # To post the comment; a fork's pull request gets a read-only token: the report then goes
      # to the job summary only.
      pull-requests: write
    steps:
      - uses: actions/checkout@v5
        with:
          fetch-depth: 0
          ref: \${{ github.event.pull_request.head.sha }}
      - uses: actions/setup-node@v5
        with:
          node-version: 24
      # Restore only: a pull request never writes the cache the deployment builds from.
      - uses: actions/cache/restore@v4
        with:
          path: ~/.cache/livewiki
          key: livewiki-\${{ runner.os }}-\${{ github.event.pull_request.base.sha }}
          restore-keys: |
            livewiki-\${{ runner.os }}-
      # The comment body on stdout; the same report is appended to the job summary.
      - run: npx --yes livewiki diff --base "$BASE_SHA" --format github > "$RUNNER_TEMP/livewiki-diff.md"
        env:
          BASE_SHA: \${{ github.event.pull_request.base.sha }}
      - name: Post or update the comment
        env:
          GH_TOKEN: \${{ github.token }}
          PR: \${{ github.event.pull_request.number }}
          REPO: \${{ github.repository }}
        run: |
          body="$RUNNER_TEMP/livewiki-diff.md"
          # The one comment this workflow wrote before: by the Actions bot, starting with the marker.
          id=$(gh api --paginate "repos/$REPO/issues/$PR/comments" --jq '.[] | select(.user.login == "github-actions[bot]" and (.body | startswith("<!-- livewiki-diff -->"))) | .id' | head -n 1) || id=''
          if [ -n "$id" ]; then
            gh api -X PATCH "repos/$REPO/issues/comments/$id" -F "body=@$body" > /dev/null && exit 0
          else
            gh api -X POST "repos/$REPO/issues/$PR/comments" -F "body=@$body" > /dev/null && exit 0
          fi
          echo "::notice title=livewiki::The token cannot comment on this pull request (a fork's, for example); the report is in the job summary."
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
