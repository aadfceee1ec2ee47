// What each position of an OpenAPI document holds, as far as `$ref` resolution needs to know:
// schemas (whose refs become links to named schemas), data (examples, defaults, enums: a `$ref`
// key there is literal text), lists, maps, and the OpenAPI objects between them. Anything not
// listed is `any`: refs there are still followed, as Redocly and swagger-parser follow them
// (e.g. `description: {$ref: intro.yml#/text}` or `x-codeSamples: [{$ref: curl.yml}]`).

import type { SpecVersion } from './validate.ts';

export type Kind =
  | 'root'
  | 'paths'
  | 'pathItem'
  | 'pathItemMap'
  | 'operation'
  | 'operationMap'
  | 'parameter'
  | 'parameterList'
  | 'parameterMap'
  | 'requestBody'
  | 'requestBodyMap'
  | 'responses'
  | 'response'
  | 'responseMap'
  | 'mediaType'
  | 'mediaTypeMap'
  | 'header'
  | 'headerMap'
  | 'example'
  | 'exampleMap'
  | 'link'
  | 'linkMap'
  | 'callback'
  | 'callbackMap'
  | 'encoding'
  | 'encodingMap'
  | 'encodingList'
  | 'components'
  | 'schema'
  | 'schemaMap'
  | 'schemaList'
  /** The spec's own named schemas (`components/schemas`, 2.0 `definitions`): entries are definitions, not uses. */
  | 'namedSchemas'
  | 'data'
  | 'any';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query'] as const;
const METHODS = new Set<string>(HTTP_METHODS);

/** Values that are examples or literal data wherever they appear. */
const DATA_ANYWHERE = new Set(['example', 'examples', 'default', 'enum', 'const', 'x-example', 'x-examples']);

const SCHEMA_SINGLE = new Set(['items', 'additionalProperties', 'additionalItems', 'unevaluatedItems', 'unevaluatedProperties', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'contentSchema']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

const MAP_ITEM: Partial<Record<Kind, Kind>> = {
  paths: 'pathItem',
  pathItemMap: 'pathItem',
  operationMap: 'operation',
  parameterMap: 'parameter',
  requestBodyMap: 'requestBody',
  responses: 'response',
  responseMap: 'response',
  mediaTypeMap: 'mediaType',
  headerMap: 'header',
  exampleMap: 'example',
  linkMap: 'link',
  callbackMap: 'callback',
  callback: 'pathItem',
  encodingMap: 'encoding',
  schemaMap: 'schema',
  namedSchemas: 'schema',
};

const LIST_ITEM: Partial<Record<Kind, Kind>> = {
  parameterList: 'parameter',
  schemaList: 'schema',
  encodingList: 'encoding',
};

/** Kind of the items of a list of kind `kind` (`any` lists hold `any`). */
export function itemKind(kind: Kind): Kind {
  return LIST_ITEM[kind] ?? (kind === 'schema' ? 'schema' : kind === 'data' ? 'data' : 'any');
}

/** Kind of the value under `key` in an object of kind `kind`. */
export function childKind(kind: Kind, key: string, version: SpecVersion): Kind {
  if (kind === 'data') return 'data';
  const mapItem = MAP_ITEM[kind];
  if (mapItem) return key.startsWith('x-') && kind !== 'schemaMap' && kind !== 'namedSchemas' ? 'any' : mapItem;
  switch (kind) {
    case 'root':
      if (key === 'paths') return 'paths';
      if (key === 'webhooks') return 'pathItemMap';
      if (key === 'components') return 'components';
      if (version === '2.0') {
        if (key === 'definitions') return 'namedSchemas';
        if (key === 'parameters') return 'parameterMap';
        if (key === 'responses') return 'responseMap';
      }
      break;
    case 'components':
      switch (key) {
        case 'schemas':
          return 'namedSchemas';
        case 'responses':
          return 'responseMap';
        case 'parameters':
          return 'parameterMap';
        case 'examples':
          return 'exampleMap';
        case 'requestBodies':
          return 'requestBodyMap';
        case 'headers':
          return 'headerMap';
        case 'links':
          return 'linkMap';
        case 'callbacks':
          return 'callbackMap';
        case 'pathItems':
          return 'pathItemMap';
        case 'mediaTypes':
          return 'mediaTypeMap';
      }
      return 'any';
    case 'pathItem':
      if (METHODS.has(key)) return 'operation';
      if (key === 'additionalOperations') return 'operationMap';
      if (key === 'parameters') return 'parameterList';
      break;
    case 'operation':
      if (key === 'parameters') return 'parameterList';
      if (key === 'requestBody') return 'requestBody';
      if (key === 'responses') return 'responses';
      if (key === 'callbacks') return 'callbackMap';
      break;
    case 'parameter':
    case 'header':
      if (key === 'schema') return 'schema';
      if (key === 'content') return 'mediaTypeMap';
      if (key === 'examples') return version === '2.0' ? 'data' : 'exampleMap';
      break;
    case 'requestBody':
      if (key === 'content') return 'mediaTypeMap';
      break;
    case 'response':
      if (key === 'headers') return 'headerMap';
      if (key === 'content') return 'mediaTypeMap';
      if (key === 'links') return 'linkMap';
      if (key === 'schema') return 'schema';
      if (key === 'examples') return version === '2.0' ? 'data' : 'exampleMap';
      break;
    case 'mediaType':
      if (key === 'schema' || key === 'itemSchema') return 'schema';
      if (key === 'examples') return 'exampleMap';
      if (key === 'encoding') return 'encodingMap';
      if (key === 'prefixEncoding') return 'encodingList';
      if (key === 'itemEncoding') return 'encoding';
      break;
    case 'encoding':
      if (key === 'headers') return 'headerMap';
      break;
    case 'example':
      if (key === 'value' || key === 'dataValue' || key === 'serializedValue') return 'data';
      break;
    case 'link':
      if (key === 'parameters' || key === 'requestBody') return 'data';
      break;
    case 'schema':
      if (SCHEMA_MAPS.has(key)) return 'schemaMap';
      if (SCHEMA_LISTS.has(key)) return 'schemaList';
      // `items` may be one schema or (2019 drafts, 2.0 tuples) a list: `itemKind('schema')` covers both.
      if (SCHEMA_SINGLE.has(key)) return 'schema';
      break;
  }
  return DATA_ANYWHERE.has(key) ? 'data' : 'any';
}
