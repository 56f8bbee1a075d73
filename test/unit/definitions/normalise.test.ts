import {describe, expect, it} from 'vitest'
import {jsonEqual, normalise, sortKeys, wireBody} from '../../../src/lib/definitions/normalise.js'
import {dependencyLevels, referencedWorkflows} from '../../../src/lib/definitions/order.js'
import type {Json} from '../../../src/lib/definitions/model.js'

/** The server's copy of {"name":"w","tasks":[{"name":"t","taskReferenceName":"t_ref"}]} (reference §3.4). */
const SERVER_COPY: Json = {
  createTime: 1700000000000,
  updateTime: 0,
  name: 'w',
  version: 1,
  tasks: [
    {
      name: 't',
      taskReferenceName: 't_ref',
      inputParameters: {},
      type: 'SIMPLE',
      decisionCases: {},
      defaultCase: [],
      forkTasks: [],
      startDelay: 0,
      joinOn: [],
      optional: false,
      defaultExclusiveJoinTask: [],
      asyncComplete: false,
      loopOver: [],
      onStateChange: {},
      permissive: false,
      metadata: {},
    },
  ],
  inputParameters: [],
  outputParameters: {},
  schemaVersion: 2,
  restartable: true,
  workflowStatusListenerEnabled: false,
  timeoutPolicy: 'ALERT_ONLY',
  timeoutSeconds: 0,
  variables: {},
  inputTemplate: {},
  enforceSchema: true,
  metadata: {},
  maskedFields: [],
}

describe('normalise', () => {
  it('makes a minimal definition equal to the server copy (defaults, audit fields)', () => {
    const local: Json = {name: 'w', tasks: [{name: 't', taskReferenceName: 't_ref'}]}
    expect(jsonEqual(normalise('workflowDef', local), normalise('workflowDef', SERVER_COPY))).toBe(true)
  })
  it('still sees a real change at any nesting level', () => {
    const local: Json = {name: 'w', tasks: [{name: 't', taskReferenceName: 't_ref', optional: true}]}
    expect(jsonEqual(normalise('workflowDef', local), normalise('workflowDef', SERVER_COPY))).toBe(false)
    const nested = (inner: Json): Json => ({
      name: 'w',
      tasks: [{name: 'f', taskReferenceName: 'f', type: 'FORK_JOIN', forkTasks: [[inner]]}],
    })
    expect(
      jsonEqual(
        normalise('workflowDef', nested({name: 'a', taskReferenceName: 'a'})),
        normalise('workflowDef', nested({name: 'a', taskReferenceName: 'a', startDelay: 5})),
      ),
    ).toBe(false)
    expect(
      jsonEqual(
        normalise('workflowDef', nested({name: 'a', taskReferenceName: 'a'})),
        normalise('workflowDef', nested({name: 'a', taskReferenceName: 'a', startDelay: 0, inputParameters: {}})),
      ),
    ).toBe(true)
  })
  it('drops unknown fields and nulls on model fields, keeps nulls in free-form maps', () => {
    const n = normalise('workflowDef', {
      name: 'w',
      tasks: [],
      bogus: 1,
      description: null,
      outputParameters: {x: null},
    }) as Record<string, Json>
    expect(n.bogus).toBeUndefined()
    expect(n.description).toBeUndefined()
    expect(n.outputParameters).toEqual({x: null})
  })
  it('fills task-definition defaults, including the getters that always emit rate limits', () => {
    const n = normalise('taskDef', {name: 'td'}) as Record<string, Json>
    expect(n).toMatchObject({
      retryCount: 3,
      responseTimeoutSeconds: 3600,
      rateLimitPerFrequency: 0,
      rateLimitFrequencyInSeconds: 1,
      timeoutPolicy: 'TIME_OUT_WF',
    })
  })
  it('takes an inline sub-workflow name and version from its definition', () => {
    const doc: Json = {
      name: 'p',
      tasks: [
        {
          name: 's',
          taskReferenceName: 's',
          type: 'SUB_WORKFLOW',
          subWorkflowParam: {name: 'x', workflowDefinition: {name: 'inner', tasks: []}},
        },
      ],
    }
    const n = normalise('workflowDef', doc) as {tasks: {subWorkflowParam: Record<string, Json>}[]}
    expect(n.tasks[0]?.subWorkflowParam).toMatchObject({name: 'inner', version: 1})
  })
  it('sorts keys stably', () => {
    expect(JSON.stringify(sortKeys({b: 1, a: {d: 1, c: [{f: 1, e: 2}]}}))).toBe(
      '{"a":{"c":[{"e":2,"f":1}],"d":1},"b":1}',
    )
  })
})

describe('wireBody', () => {
  it('sends every field the user wrote, unknown ones included, less $schema and model nulls', () => {
    const doc: Json = {
      $schema: './schemas/workflow-def.schema.json',
      name: 'w',
      version: null,
      custom: {a: null},
      tasks: [{name: 't', taskReferenceName: 't', retryCount: null, inputParameters: {k: null}}],
    }
    expect(wireBody('workflowDef', doc)).toEqual({
      name: 'w',
      custom: {a: null},
      tasks: [{name: 't', taskReferenceName: 't', inputParameters: {k: null}}],
    })
  })
})

describe('dependency order', () => {
  const wf = (name: string, sub?: string): {name: string; doc: Json} => ({
    name,
    doc: {
      name,
      tasks: sub ? [{name: 's', taskReferenceName: 's', type: 'SUB_WORKFLOW', subWorkflowParam: {name: sub}}] : [],
    },
  })
  it('puts sub-workflows before their parents', () => {
    const levels = dependencyLevels([wf('parent', 'child'), wf('child', 'leaf'), wf('leaf'), wf('alone')])
    expect(levels.map((l) => l.map((w) => w.name))).toEqual([['leaf', 'alone'], ['child'], ['parent']])
  })
  it('finds sub-workflow references nested in forks, switches and loops', () => {
    const doc: Json = {
      name: 'p',
      failureWorkflow: 'on_fail',
      tasks: [
        {
          name: 'sw',
          taskReferenceName: 'sw',
          type: 'SWITCH',
          decisionCases: {
            a: [
              {
                name: 'l',
                taskReferenceName: 'l',
                type: 'DO_WHILE',
                loopOver: [{name: 's', taskReferenceName: 's', type: 'SUB_WORKFLOW', subWorkflowParam: {name: 'deep'}}],
              },
            ],
          },
        },
      ],
    }
    expect([...referencedWorkflows(doc)].sort()).toEqual(['deep', 'on_fail'])
  })
  it('does not loop forever on a cycle', () => {
    expect(dependencyLevels([wf('a', 'b'), wf('b', 'a')]).flat()).toHaveLength(2)
  })
})
