// What extractors and the render stage need of the template engine (src/render/handlebars.ts
// implements it). Extractors render their page bodies ahead of provenance; a body leaves a slot
// where each section's provenance (badge) goes, which the render stage fills.

/** A piece of a page body: trusted HTML, or the slot of a section's provenance. */
export type BodyPart = string | { section: string };

export interface TemplateRenderer {
  /** Renders template `name` (path under templates/ without `.hbs`, e.g. `page/provenance`). */
  render(name: string, data: object): string;
  /** Escapes text for HTML. */
  escape(text: string): string;
  /**
   * A marker that stands for the provenance slot of section `anchor`. Templates insert it like
   * other trusted HTML (`{{{badgeHtml}}}`); `parts` turns rendered HTML back into body parts.
   */
  slot(anchor: string): string;
  /** Cuts rendered HTML at the slot markers made by this renderer. */
  parts(html: string): BodyPart[];
  /** Digest of every template's name and source (overrides included): what was rendered with. */
  readonly digest: string;
}
