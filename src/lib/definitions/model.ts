/**
 * The server's model of definitions (conductor-oss common/metadata, reference §3.3): every field
 * the server keeps, the default it fills in, and which fields hold nested models. Anything not
 * listed is dropped by the server; free-form maps (inputParameters, variables, ...) are kept as sent.
 */
export type Json = null | boolean | number | string | Json[] | {[key: string]: Json}
export type JsonObject = {[key: string]: Json}

export type ModelName =
  | 'workflowDef'
  | 'workflowTask'
  | 'taskDef'
  | 'subWorkflowParams'
  | 'rateLimitConfig'
  | 'cacheConfig'
  | 'schemaDef'
  | 'schedule'
  | 'startWorkflowRequest'
  | 'eventHandler'
  | 'eventAction'
  | 'eventStartWorkflow'
  | 'eventTaskDetails'

/** How a field nests: one model, a list of models, a list of lists, or a map of lists. */
export type Nesting = {model: ModelName; shape: 'one' | 'list' | 'listOfLists' | 'mapOfLists'}

export interface Model {
  /** field → the server's default (undefined: no default, the field is omitted when absent) */
  fields: Record<string, Json | undefined>
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
    nested: {
      decisionCases: {model: 'workflowTask', shape: 'mapOfLists'},
      defaultCase: {model: 'workflowTask', shape: 'list'},
      forkTasks: {model: 'workflowTask', shape: 'listOfLists'},
      loopOver: {model: 'workflowTask', shape: 'list'},
      subWorkflowParam: {model: 'subWorkflowParams', shape: 'one'},
      taskDefinition: {model: 'taskDef', shape: 'one'},
      cacheConfig: {model: 'cacheConfig', shape: 'one'},
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
    nested: {},
  },
  rateLimitConfig: {fields: {rateLimitKey: undefined, concurrentExecLimit: 0, policy: 'QUEUE'}, nested: {}},
  cacheConfig: {fields: {key: undefined, ttlInSecond: 0}, nested: {}},
  schemaDef: {
    fields: {...audit, name: undefined, version: 1, type: undefined, data: undefined, externalRef: undefined},
    nested: {},
  },
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

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Sets a key as an own property. `obj[key] = v` with key `__proto__` would set the prototype and
 * drop the key (a user's inputParameters may hold one); JSON.parse and the server keep it.
 */
export function setOwn(obj: JsonObject, key: string, value: Json): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, {value, enumerable: true, writable: true, configurable: true})
  else obj[key] = value
}

/** Applies `fn` to each nested model inside `value`, following the field's shape; other values pass through. */
export function mapNested(nesting: Nesting, value: Json, fn: (model: ModelName, doc: Json) => Json): Json {
  const each = (list: Json): Json => (Array.isArray(list) ? list.map((v) => fn(nesting.model, v)) : list)
  switch (nesting.shape) {
    case 'one':
      return fn(nesting.model, value)
    case 'list':
      return each(value)
    case 'listOfLists':
      return Array.isArray(value) ? value.map(each) : value
    default:
      return isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, l]) => [k, each(l)])) : value
  }
}
