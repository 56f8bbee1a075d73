import {isObject, setOwn, type Json, type JsonObject} from '../json.js'
import type {PathSegment} from './problems.js'

/**
 * The server's model of definitions (conductor-oss common/metadata, reference §3.3), described once:
 * every field the server keeps, the default it fills in, which defaults live in Java primitives,
 * and which fields hold nested models. Anything not listed is dropped by the server; free-form maps
 * (inputParameters, variables, ...) are kept as sent. The rules (rules.ts), the normal form
 * (normalise.ts), exports and the task-tree walk (tree.ts) all read it from here.
 */
export {isObject, setOwn, type Json, type JsonObject}

export type ModelName =
  | 'workflowDef'
  | 'workflowTask'
  | 'taskDef'
  | 'subWorkflowParams'
  | 'rateLimitConfig'
  | 'cacheConfig'
  | 'schemaDef'
  | 'stateChangeEvent'
  | 'schedule'
  | 'startWorkflowRequest'
  | 'eventHandler'
  | 'eventAction'
  | 'eventStartWorkflow'
  | 'eventTaskDetails'

export type Shape = 'one' | 'list' | 'listOfLists' | 'mapOfLists'

/**
 * How a field nests: one model, a list of models, a list of lists, or a map of lists.
 * `asWritten`: the rules look inside, but sending, normalising and exporting keep the value as
 * written (onStateChange: compared with its nulls and unknown fields, as it always was).
 */
export type Nesting = {model: ModelName; shape: Shape; asWritten?: true}

export interface Model {
  /** field → the server's default (undefined: no default, the field is omitted when absent) */
  fields: Record<string, Json | undefined>
  /** Fields held in Java primitives: an explicit null becomes 0/false on the server, not the default. */
  primitives?: readonly string[]
  nested: Record<string, Nesting>
}

/** Written by the server, never by users: ignored when comparing. */
export const AUDIT_FIELDS = ['createTime', 'updateTime', 'createdBy', 'updatedBy', 'ownerApp'] as const
const audit = Object.fromEntries(AUDIT_FIELDS.map((f) => [f, undefined]))
/** Audit fields plus what the scheduler writes itself (its update time is `updatedTime`, and the next run). */
export const SERVER_FIELDS: readonly string[] = [...AUDIT_FIELDS, 'updatedTime', 'nextRunTime']

export const MODELS: Record<ModelName, Model> = {
  workflowDef: {
    fields: {
      ...audit,
      name: undefined,
      description: undefined,
      version: 1,
      tasks: [],
      inputParameters: [],
      outputParameters: {},
      failureWorkflow: undefined,
      failureWorkflowVersion: undefined,
      schemaVersion: 2,
      restartable: true,
      workflowStatusListenerEnabled: false,
      workflowStatusListenerSink: undefined,
      ownerEmail: undefined,
      timeoutPolicy: 'ALERT_ONLY',
      timeoutSeconds: 0,
      variables: {},
      inputTemplate: {},
      rateLimitConfig: undefined,
      inputSchema: undefined,
      outputSchema: undefined,
      enforceSchema: true,
      metadata: {},
      cacheConfig: undefined,
      maskedFields: [],
    },
    primitives: [
      'version',
      'schemaVersion',
      'restartable',
      'workflowStatusListenerEnabled',
      'timeoutSeconds',
      'enforceSchema',
    ],
    nested: {
      tasks: {model: 'workflowTask', shape: 'list'},
      rateLimitConfig: {model: 'rateLimitConfig', shape: 'one'},
      cacheConfig: {model: 'cacheConfig', shape: 'one'},
      inputSchema: {model: 'schemaDef', shape: 'one'},
      outputSchema: {model: 'schemaDef', shape: 'one'},
    },
  },
  workflowTask: {
    fields: {
      name: undefined,
      taskReferenceName: undefined,
      description: undefined,
      inputParameters: {},
      type: 'SIMPLE',
      dynamicTaskNameParam: undefined,
      caseValueParam: undefined,
      caseExpression: undefined,
      scriptExpression: undefined,
      decisionCases: {},
      dynamicForkJoinTasksParam: undefined,
      dynamicForkTasksParam: undefined,
      dynamicForkTasksInputParamName: undefined,
      defaultCase: [],
      forkTasks: [],
      startDelay: 0,
      subWorkflowParam: undefined,
      joinOn: [],
      sink: undefined,
      optional: false,
      taskDefinition: undefined,
      rateLimited: undefined,
      defaultExclusiveJoinTask: [],
      asyncComplete: false,
      loopCondition: undefined,
      loopOver: [],
      retryCount: undefined,
      evaluatorType: undefined,
      expression: undefined,
      onStateChange: {},
      joinStatus: undefined,
      cacheConfig: undefined,
      permissive: false,
      items: undefined,
      joinMode: undefined,
      metadata: {},
    },
    primitives: ['startDelay', 'optional', 'permissive'],
    nested: {
      decisionCases: {model: 'workflowTask', shape: 'mapOfLists'},
      defaultCase: {model: 'workflowTask', shape: 'list'},
      forkTasks: {model: 'workflowTask', shape: 'listOfLists'},
      loopOver: {model: 'workflowTask', shape: 'list'},
      subWorkflowParam: {model: 'subWorkflowParams', shape: 'one'},
      taskDefinition: {model: 'taskDef', shape: 'one'},
      cacheConfig: {model: 'cacheConfig', shape: 'one'},
      onStateChange: {model: 'stateChangeEvent', shape: 'mapOfLists', asWritten: true},
    },
  },
  taskDef: {
    fields: {
      ...audit,
      name: undefined,
      description: undefined,
      retryCount: 3,
      timeoutSeconds: 0,
      inputKeys: [],
      outputKeys: [],
      runtimeMetadata: [],
      timeoutPolicy: 'TIME_OUT_WF',
      retryLogic: 'FIXED',
      retryDelaySeconds: 60,
      responseTimeoutSeconds: 3600,
      concurrentExecLimit: undefined,
      inputTemplate: {},
      rateLimitPerFrequency: 0,
      rateLimitFrequencyInSeconds: 1,
      isolationGroupId: undefined,
      executionNameSpace: undefined,
      ownerEmail: undefined,
      pollTimeoutSeconds: undefined,
      backoffScaleFactor: 1,
      maxRetryDelaySeconds: 0,
      backoffJitterMs: 0,
      totalTimeoutSeconds: 0,
      taskStatusListenerEnabled: true,
      baseType: undefined,
      inputSchema: undefined,
      outputSchema: undefined,
      enforceSchema: false,
    },
    primitives: [
      'retryCount',
      'timeoutSeconds',
      'retryDelaySeconds',
      'responseTimeoutSeconds',
      'maxRetryDelaySeconds',
      'backoffJitterMs',
      'totalTimeoutSeconds',
      'taskStatusListenerEnabled',
      'enforceSchema',
    ],
    nested: {
      inputSchema: {model: 'schemaDef', shape: 'one'},
      outputSchema: {model: 'schemaDef', shape: 'one'},
    },
  },
  subWorkflowParams: {
    fields: {
      name: undefined,
      version: undefined,
      taskToDomain: undefined,
      workflowDefinition: undefined,
      idempotencyKey: undefined,
      idempotencyStrategy: undefined,
      priority: undefined,
    },
    // an inline definition; its name and version also become the params' own (normalise.ts)
    nested: {workflowDefinition: {model: 'workflowDef', shape: 'one'}},
  },
  rateLimitConfig: {
    fields: {rateLimitKey: undefined, concurrentExecLimit: 0, policy: 'QUEUE'},
    primitives: ['concurrentExecLimit'],
    nested: {},
  },
  cacheConfig: {fields: {key: undefined, ttlInSecond: 0}, primitives: ['ttlInSecond'], nested: {}},
  schemaDef: {
    fields: {...audit, name: undefined, version: 1, type: undefined, data: undefined, externalRef: undefined},
    primitives: ['version'],
    nested: {},
  },
  // WorkflowTask.onStateChange: event name → the events published then
  stateChangeEvent: {fields: {type: undefined, payload: undefined}, nested: {}},
  // the scheduler module's WorkflowSchedule (reference §2.7)
  schedule: {
    fields: {
      ...audit,
      updatedTime: undefined,
      nextRunTime: undefined,
      name: undefined,
      description: undefined,
      cronExpression: undefined,
      zoneId: 'UTC',
      cronSchedules: [],
      runCatchupScheduleInstances: false,
      paused: false,
      pausedReason: undefined,
      startWorkflowRequest: undefined,
      scheduleStartTime: undefined,
      scheduleEndTime: undefined,
    },
    nested: {startWorkflowRequest: {model: 'startWorkflowRequest', shape: 'one'}},
  },
  startWorkflowRequest: {
    fields: {
      name: undefined,
      version: undefined,
      correlationId: undefined,
      input: {},
      taskToDomain: {},
      workflowDef: undefined,
      externalInputPayloadStoragePath: undefined,
      priority: 0,
      createdBy: undefined,
      idempotencyKey: undefined,
      idempotencyStrategy: undefined,
    },
    nested: {workflowDef: {model: 'workflowDef', shape: 'one'}},
  },
  // EventHandler (reference §2.5)
  eventHandler: {
    fields: {
      name: undefined,
      event: undefined,
      condition: undefined,
      evaluatorType: undefined,
      actions: [],
      active: false,
    },
    nested: {actions: {model: 'eventAction', shape: 'list'}},
  },
  eventAction: {
    fields: {
      action: undefined,
      start_workflow: undefined,
      complete_task: undefined,
      fail_task: undefined,
      terminate_workflow: undefined,
      update_workflow_variables: undefined,
      start_agent: undefined,
      expandInlineJSON: false,
    },
    nested: {
      start_workflow: {model: 'eventStartWorkflow', shape: 'one'},
      complete_task: {model: 'eventTaskDetails', shape: 'one'},
      fail_task: {model: 'eventTaskDetails', shape: 'one'},
    },
  },
  eventStartWorkflow: {
    fields: {
      name: undefined,
      version: undefined,
      correlationId: undefined,
      input: {},
      inputMessage: undefined,
      taskToDomain: undefined,
    },
    nested: {},
  },
  eventTaskDetails: {
    fields: {workflowId: undefined, taskRefName: undefined, output: {}, outputMessage: undefined, taskId: undefined},
    nested: {},
  },
}

/** A field's nesting, if it has one (own entries only: a field named `constructor` nests nothing). */
export function nestingOf(model: ModelName, field: string): Nesting | undefined {
  const nested = MODELS[model].nested
  return Object.hasOwn(nested, field) ? nested[field] : undefined
}

/** A field's nesting as sent, stored and compared (undefined for one kept as written). */
export function storedNesting(model: ModelName, field: string): Nesting | undefined {
  const nesting = nestingOf(model, field)
  return nesting?.asWritten ? undefined : nesting
}

/** The default of a field the server holds in a Java primitive (which reads null as 0/false), else undefined. */
export function primitiveDefault(model: ModelName, field: string): boolean | number | undefined {
  const spec = MODELS[model]
  const fallback = spec.primitives?.includes(field) ? spec.fields[field] : undefined
  return typeof fallback === 'boolean' || typeof fallback === 'number' ? fallback : undefined
}

/** The containers between a field and its models, outermost first. */
export const SHAPE_LEVELS: Record<Shape, readonly ('list' | 'map')[]> = {
  one: [],
  list: ['list'],
  listOfLists: ['list', 'list'],
  mapOfLists: ['map', 'list'],
}

export interface MapNestedOptions {
  /** What becomes of a value that is not of the field's shape (or of a non-object where a model belongs); default: kept. */
  other?: (value: Json) => Json
  /** Map levels rebuilt with their keys sorted. */
  sortMaps?: boolean
  /** The field's own path: given, `fn` receives each model's path (else an empty one, and no paths are built). */
  path?: PathSegment[]
}

/**
 * The one descent through a nested field: applies `fn` to each model object inside `value`,
 * following the field's shape, and rebuilds the containers around the results.
 */
export function mapNested(
  nesting: Nesting,
  value: Json,
  fn: (model: ModelName, doc: JsonObject, path: PathSegment[]) => Json,
  options: MapNestedOptions = {},
): Json {
  const levels = SHAPE_LEVELS[nesting.shape]
  const other = options.other ?? ((v: Json) => v)
  const paths = options.path !== undefined
  const step = (at: PathSegment[], seg: PathSegment) => (paths ? [...at, seg] : at)
  const down = (v: Json, level: number, at: PathSegment[]): Json => {
    const container = levels[level]
    if (container === undefined) return isObject(v) ? fn(nesting.model, v, at) : other(v)
    if (container === 'list')
      return Array.isArray(v) ? v.map((item, i) => down(item, level + 1, step(at, i))) : other(v)
    if (!isObject(v)) return other(v)
    const out: JsonObject = {}
    const keys = Object.keys(v)
    if (options.sortMaps) keys.sort()
    for (const key of keys) setOwn(out, key, down(v[key] as Json, level + 1, step(at, key)))
    return out
  }
  return down(value, 0, options.path ?? [])
}

/** A model object met by walkModels. */
export interface ModelNode {
  model: ModelName
  doc: JsonObject
  path: PathSegment[]
  /** The parent's field that holds it (undefined for the document itself). */
  field: string | undefined
}

export interface ModelVisitor<C> {
  /**
   * `written`: fields in the order the document has them (findings follow the file);
   * `declared`: nested fields in the order MODELS declares them (the server's collectTasks order:
   * decisionCases, defaultCase, forkTasks, loopOver, then subWorkflowParam).
   */
  order: 'written' | 'declared'
  /** Each model object, with what its parent's `enter` returned; returns what its own children get, or false to skip them. */
  enter?: (node: ModelNode, parent: C) => C | false
  /** Each field of the object (only nested ones under `declared`), before its models; false: do not descend into it. */
  field?: (node: ModelNode, key: string, value: Json, path: PathSegment[]) => boolean
}

/**
 * The one walk over a definition: the document, then every model nested in it, depth first, each
 * with its model name and JSON path. Only objects are visited; values of another shape are passed
 * over. The rules and the task trees (tree.ts) walk this way; the transforms (normalise, wireBody,
 * export) rebuild a model field by field and descend through mapNested, as this walk does.
 * The context must not be `false` itself (that is enter's "skip").
 */
export function walkModels<C>(
  model: ModelName,
  doc: Json,
  visitor: ModelVisitor<C>,
  context: C,
  path: PathSegment[] = [],
  field?: string,
): void {
  if (!isObject(doc)) return
  const node: ModelNode = {model, doc, path, field}
  const inner = visitor.enter ? visitor.enter(node, context) : context
  if (inner === false) return
  const keys = visitor.order === 'declared' ? Object.keys(MODELS[model].nested) : Object.keys(doc)
  for (const key of keys) {
    const value = doc[key]
    if (value === undefined) continue
    const at = [...path, key]
    if (visitor.field && !visitor.field(node, key, value, at)) continue
    const nesting = nestingOf(model, key)
    if (nesting)
      mapNested(
        nesting,
        value,
        (child, childDoc, childPath) => {
          walkModels(child, childDoc, visitor, inner, childPath, key)
          return childDoc
        },
        {path: at},
      )
  }
}
