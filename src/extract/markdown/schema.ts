// The sanitizer schema: GitHub's (hast-util-sanitize `defaultSchema`), narrowed.

import { defaultSchema } from 'rehype-sanitize';
import type { Options as Schema } from 'rehype-sanitize';

const attributes = { ...defaultSchema.attributes };
// `<picture><source srcset>` would make the reader's browser fetch from other hosts.
attributes.source = [];

export const sanitizeSchema: Schema = {
  ...defaultSchema,
  attributes,
  protocols: {
    ...defaultSchema.protocols,
    href: ['http', 'https', 'mailto'],
    src: ['http', 'https'],
  },
};
