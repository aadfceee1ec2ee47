// Fills a page body's provenance slots: what the render stage does once provenance is known.
import type { BodyPart } from '../model/templates.ts';

/** The body as HTML, each section slot replaced by `slot(anchor)` (trusted HTML). */
export function fillBody(body: readonly BodyPart[], slot: (anchor: string) => string): string {
  let html = '';
  for (const part of body) html += typeof part === 'string' ? part : slot(part.section);
  return html;
}
