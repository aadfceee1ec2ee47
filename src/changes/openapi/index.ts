// OpenAPI change classification (issue 14 item 2): see diff.ts for the entry, checks.ts for the rules.
export { diffOpenApi } from './diff.ts';
export { CHECKS, schemaCheck, type CheckDef } from './checks.ts';
