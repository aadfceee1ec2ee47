// The only client-side code: the theme toggle and the Pagefind search box.

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

export function initSearch(): void {
  const start = () => {
    const UI = (window as unknown as { PagefindUI?: PagefindUIConstructor }).PagefindUI;
    if (!UI || !document.getElementById('lw-search')) return;
    new UI({
      element: '#lw-search',
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      translations: { placeholder: 'Search this wiki' },
    });
    // Pagefind labels its input by `title` only, which screen readers may skip (axe label-title-only).
    document.querySelector('#lw-search input')?.setAttribute('aria-label', 'Search this wiki');
  };
  // pagefind-ui.js is a deferred classic script; module scripts run after it.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
