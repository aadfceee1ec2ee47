// Dates shown in pages: absolute and in UTC, so two builds of the same commits are identical.
// Relative times ("3 days ago") are computed in the reader's browser, never at build time.

/** `2024-05-01T10:00:00+02:00` → `2024-05-01` in UTC. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 10);
}

/** `2024-05-01T10:00:00+02:00` → `2024-05-01 08:00 UTC`. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
