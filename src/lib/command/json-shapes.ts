/**
 * The --json contract of every command, in one place: the success document per command id, and the
 * failure document once. Shown in each command's help (help.ts) and in docs/json-output.md
 * (scripts/json-output.mjs); test/unit/command/json-shapes.test.ts checks it against the manifest and
 * against what commands print.
 *
 * A shape is type-like: `{a, b?, c: {x, y}}` an object (`?`: present only sometimes), `[X]` a list of
 * X, `...` more fields as the server sends them. Under --json an object document also carries
 * `warnings: [string]` when there were any; a list document cannot, so its warnings go to stderr.
 */
export interface JsonForm {
  /** The document's shape. */
  shape: string
  /** When this form is printed instead of the first (a flag, an input); absent for the usual form. */
  when?: string
  /** A failure's document beside `error` (see FAILURE_NOTES), where it is not one of the success forms. */
  failure?: boolean
}

export type JsonShapes = Readonly<Record<string, readonly JsonForm[]>>

/** What every command prints under --json when it fails (exit code not 0). */
export const FAILURE_SHAPE = '{error: {kind, exitCode, message, hint?, details?}, warnings?, ...}'
export const FAILURE_NOTES = [
  '`error.kind` names the exit code (see the README\'s "Exit codes"); `error.exitCode` is the exit code itself.',
  "What the command got done before it failed sits beside `error`: an object result's fields at the top (so a report has one shape whether it passed or not), a list under `result`.",
  'A failure before any result (a usage error, a refused connection) is `{error}` alone.',
]

const one = (shape: string): JsonForm[] => [{shape}]

// building blocks several commands share
const EXECUTION =
  '{workflowId, workflowName?, workflowVersion?, status, correlationId?, input?, output?, variables?, tasks?, startTime?, endTime?, updateTime?, reasonForIncompletion?, ...}'
const OUTCOME =
  '{workflowId, workflowName?, status, finished, exitCode, durationMs?, reasonForIncompletion?, failedTasks?, output}'
/** One line per execution id; `kind` and `hint` on those that failed (under `result` when any did). */
const PER_ID = '[{id, ok, message, kind?, hint?}]'
const CONTROL: JsonForm[] = [{shape: PER_ID}, {when: '--dry-run', shape: '{dryRun, operation, count, ids}'}]
const REGISTERED = '[{kind, name, version?, file, action, changedPaths, error?, previousVersion?, warning?}]'
const VALIDATION =
  '{files, definitions: [{file, pointer, kind, name, version?}], problems: [{file, line?, column?, path, rule, severity, message, definition?}], summary: {files, definitions, errors, warnings}}'
/** register, create, update, plan: inputs with errors are refused before anything is sent, with the report. */
const INVALID: JsonForm = {when: 'invalid inputs (exit 3)', shape: VALIDATION, failure: true}
const DIFF = '{differences, entries: [{kind, name, version?, status, file?, changedPaths}]}'
const APPLY_PLAN =
  '{format, server, kinds, prune, items: [{kind, name, version?, action, file?, changedPaths, target, document?, result?, error?}], summary}'
const WORKFLOW_DEF = '{name, version, tasks, ...}'
const TASK_DEF = '{name, ...}'
const SCHEDULE = '{name, cronExpression, startWorkflowRequest, paused?, ...}'

export const JSON_SHAPES: JsonShapes = {
  apply: one(APPLY_PLAN),
  doctor: one(
    '{server, healthy, version?, flavour, auth, capabilities, checks: [{name, ok, detail, hint?}], runtime: {java?, python?}}',
  ),
  export: one(
    '{dir, format, files: [{file, kind, name, version?, action, reason?}], summary: {written, ...}, removedTemporary}',
  ),
  open: one('{url, opened}'),
  plan: [{shape: APPLY_PLAN}, INVALID],
  promote: one(
    '{format, source: {server, profile?}, target: {server, profile?}, items: [{kind, name, version?, action, changedPaths, target, document?, result?, error?}], targetOnly: [{kind, name, version?}], summary: {create, update, unchanged, targetOnly}}',
  ),
  run: [{shape: '{workflowId}'}, {when: '--wait', shape: OUTCOME}],
  search: [
    {shape: '[{workflowId, workflowType?, version?, status?, correlationId?, startTime?, endTime?, ...}]'},
    {when: '--tasks', shape: '[{taskId, workflowId?, taskDefName?, taskType?, status?, ...}]'},
    {when: '--group-by', shape: '[{key, count, sample, firstStart, lastStart, next?}]'},
    {
      when: '--explain',
      shape: '{method, path, params, clientFilters, times, paging, backend?, backendQuery?, notes?}',
    },
  ],
  status: one(EXECUTION),
  whoami: one('{server, authentication, name?, email?, sub?}'),
  'config:delete': one('{profile, deleted}'),
  'config:list': one('[{profile, server, auth, file}]'),
  'config:save': one('{profile, file, keys}'),
  'config:show': one('{profile, profileFile, settings: [{key, value, source}], file, values: [{key, value, source}]}'),
  'execution:delete': CONTROL,
  'execution:get': one(EXECUTION),
  'execution:pause': CONTROL,
  'execution:rerun': one(PER_ID),
  'execution:restart': CONTROL,
  'execution:resume': CONTROL,
  'execution:retry': CONTROL,
  'execution:skip-task': one(PER_ID),
  'execution:terminate': CONTROL,
  'execution:variables': one('{workflowId, variables}'),
  'execution:watch': one(OUTCOME),
  'schedule:create': one('{name, action}'),
  'schedule:delete': one('{deleted}'),
  'schedule:get': one(`[${SCHEDULE}]`),
  'schedule:list': one(`[${SCHEDULE}]`),
  'schedule:pause': one('{names, paused}'),
  'schedule:resume': one('{names, paused}'),
  'schedule:search': one('[{scheduleName?, workflowName?, workflowId?, state?, executionTime?, reason?, ...}]'),
  'schedule:update': one('{name, action}'),
  'schema:print': one('{$schema, $id, title, type, properties, ...}'),
  'server:logs': one('{file, lines}'),
  'server:start': one(
    '{pid, port, version, jar, java, dataDir, logFile, startedAt, storage?, nodes?, postgres?, alreadyRunning, url, health, urls}',
  ),
  'server:status': one(
    '[{port, running, healthy, pid?, version?, dataDir?, logFile, url, startedAt?, kind?, storage?}]',
  ),
  'server:stop': one('[{port, pid?, outcome, kind?}]'),
  'task:complete': one('{workflowId, ref, taskId, status}'),
  'task:create': [{shape: '[{name, file}]'}, INVALID],
  'task:delete': [{shape: '{name, deleted}'}, {when: 'several names', shape: '[{name, deleted, error?}]'}],
  'task:diff': one(DIFF),
  'task:get': one(TASK_DEF),
  'task:get-all': one(`[${TASK_DEF}]`),
  'task:list': one('[{name, description, ownerEmail, ...}]'),
  'task:poll': one(
    '[{taskId, workflowInstanceId, taskType, referenceTaskName, inputData, retryCount?, pollCount?, responseTimeoutSeconds?, workflowType?, correlationId?, ...}]',
  ),
  'task:register': [{shape: REGISTERED}, INVALID],
  'task:update': [{shape: '[{name, file}]'}, INVALID],
  'task:update-execution': one('{workflowId, ref, taskId, status}'),
  'task:validate': one(VALIDATION),
  'worker:exec': one('{taskType, workerId, tasks, completed, failed, inProgress, updateErrors, stoppedBy}'),
  'workflow:create': [{shape: REGISTERED}, INVALID],
  'workflow:delete': [
    {shape: '{name, version, wasLatest, newLatest?}'},
    {when: '"NAME VERSION" lines on stdin', shape: '[{name, version}]'},
  ],
  'workflow:delete-execution': CONTROL,
  'workflow:diff': one(DIFF),
  'workflow:get': one(WORKFLOW_DEF),
  'workflow:get-all': one(`[${WORKFLOW_DEF}]`),
  'workflow:get-execution': one(`[{id, ok, execution?: ${EXECUTION}, message?, kind?}]`),
  'workflow:graph': one('{name, version?, source, format, graph}'),
  'workflow:list': one('[{name, version, description, tasks, ownerEmail, updated}]'),
  'workflow:pause': CONTROL,
  'workflow:register': [{shape: REGISTERED}, INVALID],
  'workflow:rerun': one('{workflowId}'),
  'workflow:restart': CONTROL,
  'workflow:resume': CONTROL,
  'workflow:retry': CONTROL,
  'workflow:search': one(
    '{totalHits, results: [{workflowId, workflowType?, version?, status?, correlationId?, startTime?, ...}]}',
  ),
  'workflow:skip-task': one('{workflowId, ref}'),
  'workflow:start': [{shape: '{workflowId}'}, {when: '--sync', shape: EXECUTION}],
  'workflow:status': one('[{id, ok, status?, message?, kind?}]'),
  'workflow:terminate': CONTROL,
  'workflow:test': one(
    '{workflowId, workflowName?, status, finished, exitCode, durationMs?, reasonForIncompletion?, failedTasks?, output, path: [{seq, ref, type, status, mocked, reason?}], waitingForMocks, removed}',
  ),
  'workflow:update': [{shape: REGISTERED}, INVALID],
  'workflow:validate': one(VALIDATION),
  'workflow:versions': one('[{name, version, latest, created, updated}]'),
}

/** The JSON OUTPUT section of a command's help (undefined for a command without a declared shape). */
export function jsonHelp(id: string, shapes: JsonShapes = JSON_SHAPES): string | undefined {
  const forms = shapes[id]
  if (!forms) return undefined
  return [
    ...forms.map((f) =>
      f.failure
        ? `On failure with ${f.when}, beside error: ${f.shape}`
        : f.when
          ? `With ${f.when}: ${f.shape}`
          : f.shape,
    ),
    `On failure: ${FAILURE_SHAPE} (docs/json-output.md)`,
  ].join('\n')
}

/** docs/json-output.md, generated from the table above (scripts/json-output.mjs writes it). */
export function jsonOutputDoc(shapes: JsonShapes = JSON_SHAPES): string {
  const cell = (text: string) => text.replaceAll('|', '\\|')
  const rows = Object.keys(shapes)
    .sort()
    .flatMap((id) =>
      (shapes[id] ?? []).map(
        (f, i) =>
          `| ${i === 0 ? `\`${id.replaceAll(':', ' ')}\`` : ''} | ${f.failure ? 'failure: ' : ''}${f.when ? cell(f.when) : ''} | \`${cell(f.shape)}\` |`,
      ),
    )
  return [
    '# JSON output',
    '',
    '<!-- Generated by scripts/json-output.mjs from src/lib/command/json-shapes.ts; do not edit. -->',
    '',
    'Every command takes `--json` and then prints exactly one JSON document on stdout, whether it succeeds or',
    'fails; progress, notes and prompts go to stderr. The exit code says which (0: success).',
    '',
    '## Shapes',
    '',
    '`{a, b?}` is an object (`b?`: present only sometimes), `[X]` a list of X, `...` further fields as the',
    'server sends them.',
    '',
    '## On success',
    '',
    "The command's result. An object document also carries `warnings: [string]` when there were warnings; a",
    'list document cannot, so its warnings are printed on stderr as `Warning: ...` lines.',
    '',
    '## On failure',
    '',
    `\`${FAILURE_SHAPE}\``,
    '',
    ...FAILURE_NOTES.map((n) => `- ${n}`),
    '',
    '## Per command',
    '',
    'The usual success document first; then the forms some flags or inputs give, and failures whose document beside `error` is not one of them.',
    '',
    '| Command | When | Document |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n')
}
