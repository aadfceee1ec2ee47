// Client-side code: theme toggle, Pagefind search box, relative times, copy-link buttons and the
// recent-changes filter (reading.ts has the rest). Everything works (less conveniently) without it.

const KEY = 'livewiki-theme';

function effectiveDark(): boolean {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === 'dark') return true;
  if (chosen === 'light') return false;
  return window.matchMedia('(prefers-color-scheme: dark)').matches;
}

export function initThemeToggle(): void {
  const button = document.getElementById('lw-theme-toggle');
  if (!button) return;
  const sync = () => button.setAttribute('aria-pressed', String(effectiveDark()));
  sync();
  button.addEventListener('click', () => {
    const next = effectiveDark() ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // Storage may be disabled; the choice then lasts for this page only.
    }
    sync();
  });
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', sync);
}

interface PagefindUIConstructor {
  new (options: Record<string, unknown>): unknown;
}

/** The site's root URL: pages link relatively, `data-lw-root` says how far up the root is. */
export function siteRoot(): URL {
  return new URL(document.documentElement.dataset.lwRoot ?? '/', window.location.href);
}

interface MergedIndex {
  bundlePath: string;
  indexWeight?: number;
}

/** Indexes from `data-merge` (site-relative bundle paths, weights), as absolute paths on this origin. */
function mergeIndexes(json: string | undefined, root: URL): MergedIndex[] {
  if (!json) return [];
  try {
    const list: unknown = JSON.parse(json);
    if (!Array.isArray(list)) return [];
    const out: MergedIndex[] = [];
    for (const item of list as { bundlePath?: unknown; indexWeight?: unknown }[]) {
      const path = item?.bundlePath;
      if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) continue;
      const url = new URL(`.${path}`, root);
      if (url.origin !== root.origin) continue;
      const weight = item.indexWeight;
      out.push({ bundlePath: url.pathname, ...(typeof weight === 'number' && weight > 0 && weight <= 10 ? { indexWeight: weight } : {}) });
    }
    return out;
  } catch {
    return [];
  }
}

function loadStyle(href: string): Promise<void> {
  return new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.onload = link.onerror = () => resolve();
    document.head.append(link);
  });
}

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

/**
 * Search: the page ships a plain search field; Pagefind's UI (its script, styles and index) is
 * loaded only when a reader goes to it (focus, typing, `/`, Ctrl/Cmd-K), so no page pays for search
 * at load. Pagefind's own field then takes the place of ours, with what was typed and the focus.
 */
export function initSearch(): void {
  const box = document.getElementById('lw-search');
  const field = box?.querySelector<HTMLInputElement>('input.lw-search-field');
  if (!box || !field) return;
  let started: Promise<void> | null = null;
  const mount = () => {
    const UI = (window as unknown as { PagefindUI?: PagefindUIConstructor }).PagefindUI;
    if (!UI) return;
    // Result URLs are site-relative in the index; they are served under the site's root.
    const root = siteRoot();
    const baseUrl = root.pathname;
    new UI({
      element: box,
      baseUrl,
      // The index is sharded so rebuilds re-index only what changed; the shards are merged here.
      mergeIndex: mergeIndexes(box.dataset.merge, root).map((index) => ({ ...index, baseUrl })),
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      translations: { placeholder: 'Search this wiki' },
    });
    const input = box.querySelector<HTMLInputElement>('input:not(.lw-search-field)');
    if (!input) return;
    // Pagefind labels its input by `title` only, which screen readers may skip (axe label-title-only).
    input.setAttribute('aria-label', 'Search this wiki');
    input.setAttribute('aria-keyshortcuts', '/ Control+K Meta+K');
    const focused = document.activeElement === field;
    const typed = field.value;
    field.remove();
    if (focused) input.focus();
    if (typed !== '') {
      input.value = typed;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
  };
  const start = () => {
    if (started) return;
    const root = siteRoot();
    started = Promise.all([loadStyle(new URL('pagefind/pagefind-ui.css', root).href), loadScript(new URL('pagefind/pagefind-ui.js', root).href)])
      .then(mount)
      .catch(() => {
        started = null; // offline or blocked: the next focus tries again
      });
  };
  field.addEventListener('focus', start);
  field.addEventListener('input', start);
  // Starting as the pointer arrives hides most of the loading time.
  box.addEventListener('pointerenter', start, { once: true });
  if (document.activeElement === field || field.value !== '') start();
}

// ---------------------------------------------------------------------------------------------
// Relative times. Pages carry absolute UTC dates (identical for identical commits); "3 days ago"
// depends on when the page is read, so only the browser may compute it. `time.lw-rel` shows it
// (the absolute date stays in `title`); `time.lw-rel-title` keeps its text and gains it in `title`.

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

export function relativeTime(iso: string, now: number, lang?: string): string | null {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return null;
  const seconds = Math.round((then - now) / 1000);
  let format: Intl.RelativeTimeFormat;
  try {
    format = new Intl.RelativeTimeFormat(lang || undefined, { numeric: 'auto' });
  } catch {
    format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  }
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, 'minute');
}

export function initRelativeTimes(): void {
  const now = Date.now();
  const lang = document.documentElement.lang;
  for (const el of document.querySelectorAll<HTMLTimeElement>('time.lw-rel[datetime]')) {
    const text = relativeTime(el.dateTime, now, lang);
    if (text === null) continue;
    if (!el.title) el.title = el.textContent ?? '';
    el.textContent = text;
  }
  for (const el of document.querySelectorAll<HTMLTimeElement>('time.lw-rel-title[datetime]')) {
    const text = relativeTime(el.dateTime, now, lang);
    if (text !== null) el.title = `${text}. ${el.title}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Copy link: every section anchor (`a.lw-anchor`) has a button that copies the absolute URL of
// the section. Templates render the button next to the badge; sections rendered without one get
// it here.

export function announce(message: string): void {
  let region = document.getElementById('lw-announce');
  if (!region) {
    region = document.createElement('div');
    region.id = 'lw-announce';
    region.className = 'lw-visually-hidden';
    region.setAttribute('role', 'status');
    document.body.append(region);
  }
  region.textContent = message;
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (plain http) or permission refused: the legacy path still works in most browsers.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

function copyButton(anchor: string): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'lw-copy';
  button.dataset.anchor = anchor;
  button.title = 'Copy link to this section';
  button.innerHTML = `<svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16"><path d="M6.5 9.5l3-3M7 4.5l1.2-1.2a2.5 2.5 0 0 1 3.5 3.5L10.5 8M9 11.5l-1.2 1.2a2.5 2.5 0 0 1-3.5-3.5L5.5 8" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg><span class="lw-visually-hidden">Copy link to this section</span>`;
  return button;
}

export function sectionUrl(anchor: string): string {
  const url = new URL(window.location.href);
  url.hash = anchor;
  url.search = '';
  return url.href;
}

export function initCopyLinks(): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a.lw-anchor[href^="#"]')) {
    const next = link.nextElementSibling;
    if (next?.classList.contains('lw-copy')) continue;
    link.after(copyButton(decodeURIComponent(link.getAttribute('href')!.slice(1))));
  }
  document.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button.lw-copy');
    if (!button?.dataset.anchor) return;
    const url = sectionUrl(button.dataset.anchor);
    void copyText(url).then((ok) => {
      button.dataset.copied = ok ? 'yes' : 'no';
      announce(ok ? 'Link copied' : `Could not copy; the link is ${url}`);
      window.setTimeout(() => delete button.dataset.copied, 2000);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Recent-changes filter: hides entries outside the chosen repository and date window (and, on API
// changes pages, before the chosen release: entries carry their history position in data-order,
// release options the position of the release). The choice lives in the query string, so it
// survives reloads and follows the pagination links.

export function initChangesFilter(): void {
  const form = document.getElementById('lw-changes-filter') as HTMLFormElement | null;
  if (!form) return;
  const entries = [...document.querySelectorAll<HTMLElement>('li.lw-change')];
  const status = document.getElementById('lw-filter-status');
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
  const params = new URLSearchParams(window.location.search);
  for (const name of ['repo', 'after', 'before', 'since']) {
    const input = field(name);
    const value = params.get(name);
    if (input && value !== null) input.value = value;
  }
  const apply = () => {
    const repo = field('repo')?.value ?? '';
    const after = field('after')?.value ? Date.parse(field('after')!.value) : Number.NEGATIVE_INFINITY;
    const before = field('before')?.value ? Date.parse(field('before')!.value) : Number.POSITIVE_INFINITY;
    const release = field('since') as HTMLSelectElement | null;
    const since = release && release.value !== '' ? Number(release.selectedOptions[0]?.dataset.order) : Number.POSITIVE_INFINITY;
    let shown = 0;
    for (const li of entries) {
      const at = Date.parse(li.dataset.committed ?? '');
      // Newer than the release: a lower position in history.
      const visible = (repo === '' || li.dataset.repo === repo) && !(at < after) && !(at > before) && !(Number(li.dataset.order) >= since);
      li.hidden = !visible;
      if (visible) shown += 1;
    }
    const filtered = repo !== '' || Number.isFinite(after) || Number.isFinite(before) || Number.isFinite(since);
    if (status) status.textContent = filtered ? `Showing ${shown} of ${entries.length} entries of this page.` : `Showing all ${entries.length} entries of this page.`;
    const query = new URLSearchParams();
    if (repo) query.set('repo', repo);
    if (field('after')?.value) query.set('after', field('after')!.value);
    if (field('before')?.value) query.set('before', field('before')!.value);
    if (release?.value) query.set('since', release.value);
    const search = query.size > 0 ? `?${query}` : '';
    history.replaceState(null, '', `${window.location.pathname}${search}${window.location.hash}`);
    for (const a of document.querySelectorAll<HTMLAnchorElement>('.lw-pagination a')) {
      a.href = `${a.pathname}${search}`;
    }
  };
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  apply();
}
