// The one set of YAML parse options for repository content (RELIABILITY §6): YAML 1.2 core
// schema, no merge keys (prototype pollution and quadratic merges), duplicate keys are errors.
// Alias limits are set where each caller converts to JS.

export const SAFE_YAML = { version: '1.2', schema: 'core', merge: false, uniqueKeys: true, strict: true, prettyErrors: true } as const;
