// Undoing HTML escaping of rendered pages, for code that reads them back (the link checker reads
// attribute values; the secret gate reads text so `&#x3D;`-padded or `&amp;`-joined values are
// seen whole). Numeric references and the five XML entities; anything else stays as written.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/gi, (all, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Math.min(parseInt(lower.slice(2), 16), 0x10ffff));
    if (lower.startsWith('#')) return String.fromCodePoint(Math.min(parseInt(lower.slice(1), 10), 0x10ffff));
    return ENTITIES[lower] ?? all;
  });
}
