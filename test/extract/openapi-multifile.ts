// Multi-file specs for the `$ref` tests: every place a `$ref` may stand (path items, operations,
// parameter lists and parameters, request bodies, responses, headers, callbacks, webhooks, links,
// examples, schemas, descriptions, refs inside referenced files relative to the file holding them),
// in Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2; a spec over three folder levels; a chain of refs
// across four files; cycles; and refs that leave the repository. Each is accepted by Redocly's
// structural check (`redocly lint` with `struct` and `no-unresolved-refs`, checked by hand with
// @redocly/cli 2.x), except the cycle and outside fixtures, broken on purpose (Redocly stops on
// the first with "Self-referencing circular pointer" and reports the second's refs as unresolved).

export type Version = '2.0' | '3.0' | '3.1' | '3.2';

export const VERSIONS: Version[] = ['2.0', '3.0', '3.1', '3.2'];

const declared: Record<Version, string> = { '2.0': "swagger: '2.0'", '3.0': 'openapi: 3.0.3', '3.1': 'openapi: 3.1.1', '3.2': 'openapi: 3.2.0' };

/** What a reader must find for one operation of a fixture. */
export interface ExpectedOperation {
  key: string;
  summary: string;
  /** The group page it is on: `tags/<slug>` or `paths/<slug>`. */
  group: string;
  /** Texts its section's HTML contains: parameters, statuses, headers, links, examples, schema fields. */
  shows: string[];
  /** The file the operation is written in (its provenance is that file's last change). */
  file: string;
  /** Root-file lines (or other files) that bring it in, also among its sources. */
  via: string[];
}

export interface Fixture {
  root: string;
  files: Record<string, string>;
  operations: ExpectedOperation[];
}

/** One spec of version `v` under `dir`, with a `$ref` in every position that version has. */
export function versionFixture(v: Version, dir = `v${v.replace('.', '')}`): Fixture {
  const f = (path: string) => `${dir}/${path}`;
  const oas3 = v !== '2.0';
  const webhooks = v === '3.1' || v === '3.2';
  const files: Record<string, string> = {};
  files[f('openapi.yaml')] = [
    declared[v],
    'info:',
    `  title: Widgets ${v}`,
    "  version: '1'",
    '  description:',
    '    $ref: texts/intro.yaml#/text',
    'tags:',
    '  - name: widgets',
    '    description: Everything about widgets.',
    ...(oas3 ? [] : ['consumes: [application/json]', 'produces: [application/json]']),
    'paths:',
    '  /widgets:',
    '    $ref: paths/widgets.yaml',
    '  /widgets/{id}:',
    '    parameters:',
    '      - $ref: parameters/id.yaml',
    '    get:',
    '      $ref: operations/get-widget.yaml',
    '  /v1/gadgets:',
    '    get:',
    '      $ref: operations/list-gadgets.yaml',
    ...(webhooks ? ['webhooks:', '  widgetCreated:', '    $ref: webhooks/widget-created.yaml'] : []),
    ...(oas3 ? ['components:', '  schemas:', '    Widget:', '      $ref: schemas/widget.yaml'] : ['definitions:', '  Widget:', '    $ref: schemas/widget.yaml']),
    '',
  ].join('\n');
  files[f('texts/intro.yaml')] = 'text: The widget API, in files of its own.\n';
  files[f('parameters/id.yaml')] = oas3
    ? 'name: id\nin: path\nrequired: true\ndescription: The widget id.\nschema:\n  type: string\n  format: uuid\n'
    : 'name: id\nin: path\nrequired: true\ndescription: The widget id.\ntype: string\nformat: uuid\n';
  files[f('parameters/limit.yaml')] = oas3
    ? 'name: limit\nin: query\ndescription: How many widgets at most.\nschema:\n  type: integer\n  maximum: 100\n  default: 20\n'
    : 'name: limit\nin: query\ndescription: How many widgets at most.\ntype: integer\nmaximum: 100\ndefault: 20\n';
  files[f('parameters/verbose.yaml')] = oas3
    ? 'name: verbose\nin: query\ndescription: Include the history.\nschema:\n  type: boolean\n'
    : 'name: verbose\nin: query\ndescription: Include the history.\ntype: boolean\n';
  files[f('schemas/widget.yaml')] = [
    'type: object',
    'required: [id, name]',
    'properties:',
    '  id:',
    '    type: string',
    '    format: uuid',
    '  name:',
    '    type: string',
    '    description: The name on the box.',
    '  colour:',
    '    type: string',
    '    enum: [red, green, blue]',
    '  owner:',
    "    $ref: 'owner.yaml'",
    '',
  ].join('\n');
  files[f('schemas/owner.yaml')] = 'type: object\nproperties:\n  email:\n    type: string\n    format: email\n';
  files[f('schemas/new-widget.yaml')] = 'type: object\nrequired: [name]\nproperties:\n  name:\n    type: string\n  callbackUrl:\n    type: string\n    format: uri\n';
  files[f('schemas/error.yaml')] = 'type: object\nproperties:\n  message:\n    type: string\n  code:\n    type: integer\n';
  files[f('responses/not-found.yaml')] = oas3
    ? "description: No such widget.\ncontent:\n  application/json:\n    schema:\n      $ref: '../schemas/error.yaml'\n"
    : "description: No such widget.\nschema:\n  $ref: '../schemas/error.yaml'\n";
  files[f('responses/widget-list.yaml')] = oas3
    ? [
        'description: A page of widgets.',
        'content:',
        '  application/json:',
        '    schema:',
        '      type: array',
        '      items:',
        "        $ref: '../openapi.yaml#/components/schemas/Widget'",
        '    example:',
        "      $ref: '../examples/list-value.yaml'",
        '',
      ].join('\n')
    : "description: A page of widgets.\nschema:\n  type: array\n  items:\n    $ref: '../openapi.yaml#/definitions/Widget'\n";
  if (oas3) files[f('examples/list-value.yaml')] = '- id: 7c1c6a8e-0000-4000-8000-000000000001\n  name: sprocket-from-example\n';
  files[f('headers/rate-limit.yaml')] = oas3 ? 'description: Requests left this hour.\nschema:\n  type: integer\n' : 'description: Requests left this hour.\ntype: integer\n';

  files[f('paths/widgets.yaml')] = oas3
    ? [
        'get:',
        '  tags: [widgets]',
        '  summary: List widgets',
        '  operationId: listWidgets',
        '  parameters:',
        "    - $ref: '../parameters/limit.yaml'",
        '    - name: offset',
        '      in: query',
        '      schema:',
        '        type: integer',
        '  responses:',
        "    '200':",
        "      $ref: '../responses/widget-list.yaml'",
        'post:',
        '  tags: [widgets]',
        '  summary: Create a widget',
        '  operationId: createWidget',
        '  requestBody:',
        "    $ref: '../request-bodies/new-widget.yaml'",
        '  callbacks:',
        '    widgetReady:',
        "      $ref: '../callbacks/widget-ready.yaml'",
        '  responses:',
        "    '201':",
        '      description: Created.',
        '      headers:',
        '        X-Rate-Limit:',
        "          $ref: '../headers/rate-limit.yaml'",
        '      links:',
        '        GetWidget:',
        "          $ref: '../links/get-widget.yaml'",
        '      content:',
        '        application/json:',
        '          schema:',
        "            $ref: '../schemas/widget.yaml'",
        '          examples:',
        '            created:',
        "              $ref: '../examples/created.yaml'",
        '',
      ].join('\n')
    : [
        'get:',
        '  tags: [widgets]',
        '  summary: List widgets',
        '  operationId: listWidgets',
        '  parameters:',
        "    - $ref: '../parameters/limit.yaml'",
        '    - name: offset',
        '      in: query',
        '      type: integer',
        '  responses:',
        "    '200':",
        "      $ref: '../responses/widget-list.yaml'",
        'post:',
        '  tags: [widgets]',
        '  summary: Create a widget',
        '  operationId: createWidget',
        '  parameters:',
        "    - $ref: '../parameters/new-widget-body.yaml'",
        '  responses:',
        "    '201':",
        '      description: Created.',
        '      headers:',
        '        X-Rate-Limit:',
        "          $ref: '../headers/rate-limit.yaml'",
        '      schema:',
        "        $ref: '../schemas/widget.yaml'",
        '',
      ].join('\n');
  if (oas3) {
    files[f('request-bodies/new-widget.yaml')] = "description: The widget to make.\nrequired: true\ncontent:\n  application/json:\n    schema:\n      $ref: '../schemas/new-widget.yaml'\n";
    files[f('callbacks/widget-ready.yaml')] = [
      "'{$request.body#/callbackUrl}':",
      '  post:',
      '    summary: The widget is ready',
      '    requestBody:',
      '      content:',
      '        application/json:',
      '          schema:',
      "            $ref: '../schemas/widget.yaml'",
      '    responses:',
      "      '204':",
      '        description: Received.',
      '',
    ].join('\n');
    files[f('links/get-widget.yaml')] = "operationId: getWidget\nparameters:\n  id: '$response.body#/id'\ndescription: Fetch the widget just made.\n";
    files[f('examples/created.yaml')] = 'summary: A fresh widget\nvalue:\n  id: 7c1c6a8e-0000-4000-8000-000000000002\n  name: gizmo-from-example\n';
  } else {
    files[f('parameters/new-widget-body.yaml')] = "name: widget\nin: body\nrequired: true\ndescription: The widget to make.\nschema:\n  $ref: '../schemas/new-widget.yaml'\n";
  }
  files[f('operations/get-widget.yaml')] = [
    'tags: [widgets]',
    'summary: Get a widget',
    'operationId: getWidget',
    'parameters:',
    "  - $ref: '../parameters/verbose.yaml'",
    'responses:',
    "  '200':",
    '    description: The widget.',
    ...(oas3 ? ['    content:', '      application/json:', '        schema:', "          $ref: '../schemas/widget.yaml'"] : ['    schema:', "      $ref: '../schemas/widget.yaml'"]),
    "  '404':",
    "    $ref: '../responses/not-found.yaml'",
    '',
  ].join('\n');
  files[f('operations/list-gadgets.yaml')] = "summary: List gadgets\noperationId: listGadgets\nresponses:\n  '200':\n    description: All the gadgets.\n";
  if (webhooks) {
    files[f('webhooks/widget-created.yaml')] = [
      'post:',
      '  summary: A widget was created',
      '  requestBody:',
      '    content:',
      '      application/json:',
      '        schema:',
      "          $ref: '../schemas/widget.yaml'",
      '  responses:',
      "    '200':",
      '      description: Acknowledged.',
      '',
    ].join('\n');
  }
  const operations: ExpectedOperation[] = [
    { key: 'GET /widgets', summary: 'List widgets', group: 'tags/widgets', shows: ['limit', 'offset', 'How many widgets at most.', '200', 'A page of widgets.', ...(oas3 ? ['sprocket-from-example'] : [])], file: f('paths/widgets.yaml'), via: [f('openapi.yaml')] },
    {
      key: 'POST /widgets',
      summary: 'Create a widget',
      group: 'tags/widgets',
      shows: ['201', 'X-Rate-Limit', 'Requests left this hour.', 'The widget to make.', 'callbackUrl', ...(oas3 ? ['GetWidget', 'getWidget', '{$request.body#/callbackUrl}', 'The widget is ready', 'gizmo-from-example'] : [])],
      file: f('paths/widgets.yaml'),
      via: [f('openapi.yaml')],
    },
    { key: 'GET /widgets/{id}', summary: 'Get a widget', group: 'tags/widgets', shows: ['id', 'The widget id.', 'verbose', 'Include the history.', '200', '404', 'No such widget.'], file: f('operations/get-widget.yaml'), via: [f('openapi.yaml'), f('parameters/id.yaml')] },
    { key: 'GET /v1/gadgets', summary: 'List gadgets', group: 'paths/gadgets', shows: ['200', 'All the gadgets.'], file: f('operations/list-gadgets.yaml'), via: [f('openapi.yaml')] },
  ];
  return { root: f('openapi.yaml'), files, operations };
}

/** Root, operations two folders down, shared parts reached with `../../`, models one level further. */
export function levelsFixture(dir = 'levels'): Fixture {
  const f = (path: string) => `${dir}/${path}`;
  return {
    root: f('openapi.yaml'),
    files: {
      [f('openapi.yaml')]: "openapi: 3.1.0\ninfo:\n  title: Levels\n  version: '1'\npaths:\n  /v2/reports/{id}:\n    get:\n      $ref: 'resources/reports/get-report.yaml'\n",
      [f('resources/reports/get-report.yaml')]: [
        'tags: [Reports]',
        'summary: Fetch a report',
        'parameters:',
        "  - $ref: '../../shared/parameters/id.yaml'",
        'responses:',
        "  '200':",
        "    $ref: 'responses/report.yaml'",
        "  '500':",
        "    $ref: '../../shared/responses/server-error.yaml'",
        '',
      ].join('\n'),
      [f('resources/reports/responses/report.yaml')]: "description: The report.\ncontent:\n  application/json:\n    schema:\n      $ref: '../models/report.yaml'\n",
      [f('resources/reports/models/report.yaml')]: "type: object\nproperties:\n  title:\n    type: string\n  author:\n    $ref: '../../../shared/models/person.yaml'\n",
      [f('shared/parameters/id.yaml')]: 'name: id\nin: path\nrequired: true\ndescription: Report number.\nschema:\n  type: integer\n',
      [f('shared/responses/server-error.yaml')]: 'description: Something broke on our side.\n',
      [f('shared/models/person.yaml')]: 'type: object\nproperties:\n  displayName:\n    type: string\n',
    },
    operations: [
      { key: 'GET /v2/reports/{id}', summary: 'Fetch a report', group: 'tags/reports', shows: ['Report number.', '200', 'The report.', '500', 'Something broke on our side.', 'title'], file: f('resources/reports/get-report.yaml'), via: [f('openapi.yaml'), f('shared/parameters/id.yaml')] },
    ],
  };
}

/** root → a.yaml → b.yaml → deep/c.yaml, each hop a file that is only a `$ref`. */
export function chainFixture(dir = 'chain'): Fixture {
  const f = (path: string) => `${dir}/${path}`;
  return {
    root: f('openapi.yaml'),
    files: {
      [f('openapi.yaml')]: "openapi: 3.0.3\ninfo:\n  title: Chain\n  version: '1'\npaths:\n  /things:\n    get:\n      $ref: 'hops/a.yaml'\n",
      [f('hops/a.yaml')]: "$ref: 'b.yaml'\n",
      [f('hops/b.yaml')]: "$ref: '../deep/c.yaml'\n",
      [f('deep/c.yaml')]: "tags: [Things]\nsummary: List things at the end of the chain\nparameters:\n  - name: q\n    in: query\n    schema:\n      type: string\nresponses:\n  '200':\n    description: The things.\n",
    },
    operations: [{ key: 'GET /things', summary: 'List things at the end of the chain', group: 'tags/things', shows: ['q', '200', 'The things.'], file: f('deep/c.yaml'), via: [f('openapi.yaml'), f('hops/a.yaml'), f('hops/b.yaml')] }],
  };
}

/** A path item that refers back to itself through two files, beside a recursive schema and a sound operation. */
export function cycleFixture(dir = 'cycle'): Fixture {
  const f = (path: string) => `${dir}/${path}`;
  return {
    root: f('openapi.yaml'),
    files: {
      [f('openapi.yaml')]: [
        'openapi: 3.1.0',
        'info:',
        '  title: Cycles',
        "  version: '1'",
        'paths:',
        '  /loop:',
        "    $ref: 'loop/a.yaml'",
        '  /trees:',
        '    get:',
        "      $ref: 'ops/trees.yaml'",
        '',
      ].join('\n'),
      [f('loop/a.yaml')]: "$ref: 'b.yaml'\n",
      [f('loop/b.yaml')]: "$ref: 'a.yaml'\n",
      [f('ops/trees.yaml')]: "tags: [Trees]\nsummary: The whole forest\nresponses:\n  '200':\n    description: Every tree.\n    content:\n      application/json:\n        schema:\n          $ref: '../models/tree.yaml'\n",
      [f('models/tree.yaml')]: "type: object\nproperties:\n  label:\n    type: string\n  children:\n    type: array\n    items:\n      $ref: 'tree.yaml'\n",
    },
    operations: [{ key: 'GET /trees', summary: 'The whole forest', group: 'tags/trees', shows: ['200', 'Every tree.', 'label', 'children'], file: f('ops/trees.yaml'), via: [f('openapi.yaml')] }],
  };
}

/** Refs that leave the repository (`../..` above the root, absolute, a URL) beside a sound operation. */
export function outsideFixture(dir = 'outside'): Fixture & { refused: string[] } {
  const f = (path: string) => `${dir}/${path}`;
  const refused = ['../../../secret.yaml', '/etc/passwd', 'https://example.com/op.yaml'];
  return {
    root: f('openapi.yaml'),
    refused,
    files: {
      [f('openapi.yaml')]: [
        'openapi: 3.0.3',
        'info:',
        '  title: Outside',
        "  version: '1'",
        'paths:',
        '  /escape:',
        '    get:',
        `      $ref: '${refused[0]}'`,
        '  /absolute:',
        `    $ref: '${refused[1]}'`,
        '  /remote:',
        '    get:',
        `      $ref: '${refused[2]}'`,
        '  /inside:',
        '    get:',
        "      $ref: 'ops/inside.yaml'",
        '',
      ].join('\n'),
      [f('ops/inside.yaml')]: "tags: [Inside]\nsummary: Stays in the repository\nresponses:\n  '200':\n    description: Fine.\n",
    },
    operations: [{ key: 'GET /inside', summary: 'Stays in the repository', group: 'tags/inside', shows: ['200', 'Fine.'], file: f('ops/inside.yaml'), via: [f('openapi.yaml')] }],
  };
}
