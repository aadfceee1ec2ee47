// The checks and their levels, after oasdiff's taxonomy (its `checker/rules.go`, `oasdiff checks
// changelog`): `error` = definitely breaking, `warning` = may break clients, `info` = not breaking.
// The principle behind every row: narrowing what a server accepts (requests) or widening what it
// may send (responses) breaks clients; the opposite does not. Ids are oasdiff's where oasdiff has
// the check, so a verdict can be looked up there; rows marked `livewiki` are ours (oasdiff has no
// check for them: documentation edits, schema additions).

import type { Level } from '../types.ts';

export interface CheckDef {
  level: Level;
  /** Why the level, in one line (shown on demand next to the change). */
  why: string;
  /** false = livewiki's own id (no oasdiff check). */
  oasdiff: boolean;
}

const c = (level: Level, why: string, oasdiff = true): CheckDef => ({ level, why, oasdiff });

/** Checks on paths, operations, parameters, bodies, responses and security. */
export const CHECKS: Record<string, CheckDef> = {
  'endpoint-added': c('info', 'a new operation breaks no existing client'),
  'api-removed-without-deprecation': c('error', 'clients calling the operation get 404/405'),
  'api-removed-with-deprecation': c('info', 'the operation was deprecated first: removal was announced'),
  'api-path-removed-without-deprecation': c('error', 'clients calling the path get 404'),
  'api-path-removed-with-deprecation': c('info', 'the path was deprecated first: removal was announced'),
  'endpoint-deprecated': c('info', 'deprecation announces a future removal; nothing breaks yet'),
  'endpoint-reactivated': c('info', 'the operation is no longer deprecated'),
  'api-operation-id-removed': c('info', 'operationId changes affect generated clients only'),
  'api-operation-id-added': c('info', 'operationId changes affect generated clients only'),
  'api-tag-added': c('info', 'tags group operations in documentation'),
  'api-tag-removed': c('info', 'tags group operations in documentation'),
  'documentation-changed': c('info', 'summaries and descriptions do not change the contract', false),
  'new-required-request-parameter': c('error', 'existing requests lack the parameter and are rejected'),
  'new-request-path-parameter': c('error', 'the path template changed: existing URLs no longer match'),
  'new-optional-request-parameter': c('info', 'existing requests stay valid'),
  'request-parameter-removed': c('warning', 'clients still sending it may get an error or a changed meaning'),
  'request-parameter-removed-with-deprecation': c('info', 'the parameter was deprecated first'),
  'request-parameter-became-required': c('error', 'requests without it are now rejected'),
  'request-parameter-became-optional': c('info', 'existing requests stay valid'),
  'request-parameter-deprecated': c('info', 'deprecation announces a future removal'),
  'request-parameter-reactivated': c('info', 'the parameter is no longer deprecated'),
  'request-body-added-required': c('error', 'existing requests have no body and are rejected'),
  'request-body-added-optional': c('info', 'existing requests stay valid'),
  'request-body-removed': c('error', 'clients sending a body send what the server no longer reads'),
  'request-body-became-required': c('error', 'requests without a body are now rejected'),
  'request-body-became-optional': c('info', 'existing requests stay valid'),
  'request-body-media-type-added': c('info', 'a new accepted content type breaks no client'),
  'request-body-media-type-removed': c('error', 'requests in that content type are now rejected'),
  'new-required-request-property': c('error', 'existing requests lack the property and are rejected'),
  'new-optional-request-property': c('info', 'existing requests stay valid'),
  'request-property-removed': c('warning', 'clients still sending it may get an error or have it ignored'),
  'request-property-became-required': c('error', 'requests without it are now rejected'),
  'request-property-became-optional': c('info', 'existing requests stay valid'),
  'response-success-status-removed': c('error', 'clients expecting this success status get another one'),
  'response-success-status-added': c('info', 'a new status; clients should handle unknown statuses'),
  'response-non-success-status-removed': c('info', 'an error status the server no longer sends'),
  'response-non-success-status-added': c('info', 'a new error status; clients should handle unknown statuses'),
  'response-media-type-removed': c('error', 'clients asking for this content type no longer get it'),
  'response-media-type-added': c('info', 'a new content type is only sent when asked for'),
  'response-required-property-removed': c('error', 'clients reading the property find it missing'),
  'response-optional-property-removed': c('warning', 'clients reading the property no longer receive it'),
  'response-required-property-added': c('info', 'clients ignore properties they do not know'),
  'response-optional-property-added': c('info', 'clients ignore properties they do not know'),
  'response-property-became-optional': c('error', 'clients relying on it may find it missing'),
  'response-property-became-required': c('info', 'the property is now always sent'),
  'required-response-header-removed': c('error', 'clients reading the header find it missing'),
  'optional-response-header-removed': c('warning', 'clients reading the header no longer receive it'),
  'response-header-added': c('info', 'clients ignore headers they do not read'),
  'response-header-became-optional': c('error', 'clients relying on the header may find it missing'),
  'api-security-added': c('error', 'requests without the new credentials are rejected'),
  'api-security-alternative-added': c('info', 'one more accepted way to authenticate', false),
  'api-security-removed': c('error', 'clients authenticating this way are rejected'),
  'api-security-all-removed': c('info', 'the operation no longer needs credentials', false),
  'api-security-scope-added': c('error', 'tokens without the new scope are rejected'),
  'api-security-scope-removed': c('info', 'fewer scopes are needed'),
  'api-schema-added': c('info', 'a new schema breaks nothing', false),
  'api-schema-removed': c('info', 'operations that used it report their own changes'),
  'webhook-added': c('info', 'a new webhook breaks no receiver'),
  'webhook-removed': c('error', 'receivers stop getting these calls'),
};

/** Schema-keyword checks: [level in requests, level in responses, why]. */
const SCHEMA_RULES: Record<string, [Level, Level, string]> = {
  'type-changed': ['error', 'error', 'the old and new types share no values'],
  'type-generalized': ['info', 'error', 'the type was widened'],
  'type-specialized': ['error', 'info', 'the type was narrowed'],
  'enum-value-removed': ['error', 'info', 'a value is no longer allowed'],
  'enum-value-added': ['info', 'warning', 'a new value clients may not handle'],
  'became-enum': ['error', 'info', 'values are now restricted to a list'],
  'max-length-decreased': ['error', 'info', 'longer values are no longer allowed'],
  'max-length-set': ['error', 'info', 'a maximum length now applies'],
  'max-length-increased': ['info', 'error', 'longer values may now appear'],
  'max-length-unset': ['info', 'error', 'values of any length may now appear'],
  'min-length-increased': ['error', 'info', 'shorter values are no longer allowed'],
  'min-length-set': ['error', 'info', 'a minimum length now applies'],
  'min-length-decreased': ['info', 'error', 'shorter values may now appear'],
  'min-length-unset': ['info', 'error', 'values of any length may now appear'],
  'max-decreased': ['error', 'info', 'larger values are no longer allowed'],
  'max-set': ['error', 'info', 'a maximum now applies'],
  'max-increased': ['info', 'error', 'larger values may now appear'],
  'max-unset': ['info', 'error', 'values of any size may now appear'],
  'min-increased': ['error', 'info', 'smaller values are no longer allowed'],
  'min-set': ['error', 'info', 'a minimum now applies'],
  'min-decreased': ['info', 'error', 'smaller values may now appear'],
  'min-unset': ['info', 'error', 'values of any size may now appear'],
  'max-items-decreased': ['error', 'info', 'longer lists are no longer allowed'],
  'max-items-set': ['error', 'info', 'a maximum list length now applies'],
  'max-items-increased': ['info', 'error', 'longer lists may now appear'],
  'max-items-unset': ['info', 'error', 'lists of any length may now appear'],
  'min-items-increased': ['error', 'info', 'shorter lists are no longer allowed'],
  'min-items-set': ['error', 'info', 'a minimum list length now applies'],
  'min-items-decreased': ['info', 'error', 'shorter lists may now appear'],
  'min-items-unset': ['info', 'error', 'lists of any length may now appear'],
  'pattern-added': ['error', 'info', 'values must now match a pattern'],
  'pattern-removed': ['info', 'error', 'values no longer have to match the pattern'],
  'pattern-changed': ['warning', 'warning', 'whether the new pattern accepts the old values cannot be decided'],
  'became-nullable': ['info', 'error', 'null may now appear'],
  'became-not-nullable': ['error', 'info', 'null is no longer allowed'],
  'one-of-added': ['info', 'error', 'a new alternative shape'],
  'any-of-added': ['info', 'error', 'a new alternative shape'],
  'one-of-removed': ['error', 'info', 'an alternative shape is no longer allowed'],
  'any-of-removed': ['error', 'info', 'an alternative shape is no longer allowed'],
  'default-value-changed': ['info', 'info', 'documentation of the server-side default'],
  'default-value-added': ['info', 'info', 'documentation of the server-side default'],
  'default-value-removed': ['info', 'info', 'documentation of the server-side default'],
  deprecated: ['info', 'info', 'deprecation announces a future removal'],
  reactivated: ['info', 'info', 'no longer deprecated'],
};

export type Scope = 'body' | 'property' | 'parameter' | 'header';

/** The check id and level of a schema-keyword change, e.g. `request-property-max-length-decreased`. */
export function schemaCheck(direction: 'request' | 'response', scope: Scope, what: string): { id: string; def: CheckDef } {
  const rule = SCHEMA_RULES[what];
  if (!rule) throw new Error(`unknown schema check ${what}`);
  const level = direction === 'request' ? rule[0] : rule[1];
  return { id: `${direction}-${scope}-${what}`, def: c(level, rule[2]) };
}

export function checkDef(id: string): CheckDef {
  const def = CHECKS[id];
  if (!def) throw new Error(`unknown check ${id}`);
  return def;
}

export function isBreaking(level: Level): boolean {
  return level !== 'info';
}
