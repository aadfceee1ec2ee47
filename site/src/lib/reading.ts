// Reading comfort, all progressive enhancement (without scripts the page reads the same, with the
// sidebar below the content): copy buttons on code blocks, keyboard focus for scrolled tables,
// the navigation drawer on narrow screens, `/` and Ctrl/Cmd-K to search, and an "on this page"
// list that follows the scroll.

import { announce, copyText } from './client.ts';

/** Runs `task` in a later task of its own (when the browser is idle, if it can tell). */
export function soon(task: () => void): void {
  const idle = (window as { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number }).requestIdleCallback;
  if (idle) idle(task, { timeout: 500 });
  else window.setTimeout(task, 0);
}

// ---------------------------------------------------------------------------------------------
// Code blocks: a copy button in the corner of every `pre` of the page body.

const COPY_ICON =
  '<svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16"><path fill="none" stroke="currentColor" stroke-width="1.4" d="M5.5 5.5h7v8h-7zM3.5 10.5v-8h7"/></svg>';

export function initCodeBlocks(): void {
  for (const pre of document.querySelectorAll<HTMLPreElement>('.lw-body pre')) {
    // A wrapper holds the button, so it stays in the corner while the code scrolls sideways. The
    // site stage writes it around code blocks; a bare <pre> gets one here.
    let wrap = pre.parentElement;
    if (!wrap?.classList.contains('lw-codeblock')) {
      wrap = document.createElement('div');
      wrap.className = 'lw-codeblock';
      pre.before(wrap);
      wrap.append(pre);
    }
    if (wrap.querySelector(':scope > .lw-code-copy')) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'lw-code-copy';
    button.title = 'Copy code';
    button.innerHTML = `${COPY_ICON}<span class="lw-visually-hidden">Copy code</span>`;
    wrap.append(button);
  }
  document.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button.lw-code-copy');
    const pre = button?.parentElement?.querySelector('pre');
    if (!button || !pre) return;
    // The text as shown: highlighting spans carry no text of their own.
    const text = (pre.querySelector('code') ?? pre).textContent ?? '';
    void copyText(text.replace(/\n$/, '')).then((ok) => {
      button.dataset.copied = ok ? 'yes' : 'no';
      announce(ok ? 'Code copied' : 'Could not copy the code; select it instead');
      window.setTimeout(() => delete button.dataset.copied, 2000);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Tables scroll inside their own box; one that does is a keyboard stop, named for screen readers.

export function initTables(): void {
  const mark = () => {
    for (const table of document.querySelectorAll<HTMLTableElement>('.lw-body table')) {
      const scrolls = table.scrollWidth > table.clientWidth + 1;
      if (scrolls && !table.hasAttribute('tabindex')) {
        table.tabIndex = 0;
        table.dataset.lwScroll = '';
        if (!table.hasAttribute('aria-label') && !table.caption) table.setAttribute('aria-label', 'Table (scrolls sideways)');
      } else if (!scrolls && table.dataset.lwScroll !== undefined) {
        table.removeAttribute('tabindex');
        delete table.dataset.lwScroll;
      }
    }
  };
  mark();
  window.addEventListener('resize', mark, { passive: true });
}

// ---------------------------------------------------------------------------------------------
// Navigation drawer: on narrow screens the sidebar slides in over the page. The menu button opens
// it; Escape, the button again, a click outside or focus leaving it closes it, and focus returns
// to the button.

export function initDrawer(): void {
  const button = document.getElementById('lw-menu');
  const drawer = document.getElementById('lw-sidebar');
  if (!button || !drawer) return;
  const isOpen = () => button.getAttribute('aria-expanded') === 'true';
  const close = (returnFocus: boolean) => {
    if (!isOpen()) return;
    button.setAttribute('aria-expanded', 'false');
    document.documentElement.classList.remove('lw-drawer-open');
    if (returnFocus) button.focus();
  };
  const open = () => {
    button.setAttribute('aria-expanded', 'true');
    document.documentElement.classList.add('lw-drawer-open');
    (drawer.querySelector<HTMLElement>('a[aria-current="page"]') ?? drawer.querySelector<HTMLElement>('a'))?.focus();
  };
  button.addEventListener('click', () => (isOpen() ? close(true) : open()));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && isOpen()) {
      event.preventDefault();
      close(true);
    }
  });
  document.addEventListener('click', (event) => {
    const target = event.target as Node | null;
    if (isOpen() && target && !drawer.contains(target) && !button.contains(target)) close(false);
  });
  drawer.addEventListener('focusout', (event) => {
    const next = event.relatedTarget as Node | null;
    if (isOpen() && next && !drawer.contains(next) && next !== button) close(false);
  });
  // Growing past the drawer's width shows the sidebar in place again.
  window.matchMedia('(min-width: 64.01rem)').addEventListener('change', (e) => {
    if (e.matches) close(false);
  });
}

// ---------------------------------------------------------------------------------------------
// `/` (outside text fields) and Ctrl/Cmd-K focus the search box.

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
}

export function initSearchKeys(): void {
  document.addEventListener('keydown', (event) => {
    const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target);
    const k = (event.key === 'k' || event.key === 'K') && (event.ctrlKey || event.metaKey) && !event.altKey;
    if (!slash && !k) return;
    const input = document.querySelector<HTMLInputElement>('#lw-search input');
    if (!input) return;
    event.preventDefault();
    // Focusing our field loads Pagefind's, which then takes the focus over (client.ts).
    input.focus();
    input.select();
  });
}

// ---------------------------------------------------------------------------------------------
// "On this page" follows the scroll: the entry of the section being read is marked.

export function initTocSpy(): void {
  const links = [...document.querySelectorAll<HTMLAnchorElement>('.lw-toc a[href^="#"]')];
  if (links.length === 0 || !('IntersectionObserver' in window)) return;
  const byId = new Map<string, HTMLAnchorElement>();
  const headings: HTMLElement[] = [];
  for (const link of links) {
    let id: string;
    try {
      id = decodeURIComponent(link.getAttribute('href')!.slice(1));
    } catch {
      continue;
    }
    const heading = document.getElementById(id);
    if (!heading) continue;
    byId.set(id, link);
    headings.push(heading);
  }
  let current: HTMLAnchorElement | null = null;
  const mark = () => {
    // The last heading near the top of the window (or above it) is the section being read.
    const line = Math.max(80, window.innerHeight * 0.15);
    let active: HTMLElement | undefined;
    for (const h of headings) {
      if (h.getBoundingClientRect().top <= line) active = h;
      else break;
    }
    const link = active ? (byId.get(active.id) ?? null) : null;
    if (link === current) return;
    current?.removeAttribute('aria-current');
    link?.setAttribute('aria-current', 'true');
    current = link;
    // A long list scrolls inside its sticky box to keep the mark in view (never the window).
    const box = link?.closest<HTMLElement>('.lw-toc');
    if (link && box && box.scrollHeight > box.clientHeight) {
      const top = link.offsetTop;
      if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - link.offsetHeight) box.scrollTop = top - box.clientHeight / 2;
    }
  };
  const observer = new IntersectionObserver(mark, { rootMargin: '0px 0px -80% 0px' });
  for (const h of headings) observer.observe(h);
  window.addEventListener('scroll', mark, { passive: true });
  mark();
}
