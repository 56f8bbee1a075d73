import {describe, expect, it} from 'vitest'
import type {Json} from '../../src/lib/definitions/model.js'
import {jsonEqual, normalise, normalisedEqual} from '../../src/lib/definitions/normalise.js'
import {corpusDefinitions} from '../helpers/corpus.js'

const base: Json = {
  name: 'w',
  version: 2,
  tasks: [
    {
      name: 'a',
      taskReferenceName: 'a',
      type: 'SWITCH',
      evaluatorType: 'value-param',
      expression: 'x',
      decisionCases: {one: [{name: 'b', taskReferenceName: 'b'}]},
      defaultCase: [],
    },
    {
      name: 'f',
      taskReferenceName: 'f',
      type: 'FORK_JOIN',
      forkTasks: [[{name: 'c', taskReferenceName: 'c', inputParameters: {p: {q: 1, r: [1, 2]}}}]],
    },
    {name: 's', taskReferenceName: 's', type: 'SUB_WORKFLOW', subWorkflowParam: {name: 'sub', version: 1}},
  ],
  outputParameters: {o: '${a.output}'},
}

/** The same definition as the server returns it: defaults filled in, audit fields, other key order. */
const asServerHasIt: Json = {
  updateTime: 1,
  createTime: 1,
  ownerApp: 'x',
  ...(base as Record<string, Json>),
  schemaVersion: 2,
  restartable: true,
  timeoutPolicy: 'ALERT_ONLY',
  tasks: (base as {tasks: Record<string, Json>[]}).tasks.map((t) => ({
    optional: false,
    startDelay: 0,
    inputParameters: {},
    ...t,
  })),
  variables: {},
}

const variants: [string, Json][] = [
  ['a changed free-form value', {...(base as Record<string, Json>), outputParameters: {o: '${b.output}'}}],
  [
    'a task more',
    {
      ...(base as Record<string, Json>),
      tasks: [...(base as {tasks: Json[]}).tasks, {name: 'z', taskReferenceName: 'z'}],
    },
  ],
  ['a default written differently', {...(base as Record<string, Json>), restartable: false}],
  ['a null where a default is', {...(base as Record<string, Json>), version: null}],
  [
    'a nested case renamed',
    {
      ...(base as Record<string, Json>),
      tasks: [
        {
          ...(base as {tasks: Record<string, Json>[]}).tasks[0]!,
          decisionCases: {two: [{name: 'b', taskReferenceName: 'b'}]},
        },
      ],
    },
  ],
  ['an unknown field', {...(base as Record<string, Json>), somethingElse: 1}],
  [
    'an inline sub-workflow',
    {
      ...(base as Record<string, Json>),
      tasks: [
        {
          name: 's',
          taskReferenceName: 's',
          type: 'SUB_WORKFLOW',
          subWorkflowParam: {workflowDefinition: {name: 'i', tasks: []}},
        },
      ],
    },
  ],
]

describe('normalisedEqual', () => {
  it('tells a definition equal to the server copy with defaults, audit fields and another key order', () => {
    expect(jsonEqual(normalise('workflowDef', base), normalise('workflowDef', asServerHasIt))).toBe(true)
    expect(normalisedEqual('workflowDef', base, asServerHasIt)).toBe(true)
  })

  it('never calls equal what the normalised documents show different', () => {
    const docs = [
      base,
      asServerHasIt,
      ...variants.map(([, v]) => v),
      ...corpusDefinitions()
        .filter((d) => d.kind === 'workflow')
        .slice(0, 60)
        .map((d) => d.doc as Json),
    ]
    let equalPairs = 0
    for (const a of docs)
      for (const b of docs) {
        const full = jsonEqual(normalise('workflowDef', a), normalise('workflowDef', b))
        const fast = normalisedEqual('workflowDef', a, b)
        if (fast) expect(full).toBe(true)
        if (fast) equalPairs++
      }
    expect(equalPairs).toBeGreaterThanOrEqual(docs.length)
  })

  it.each(variants)('sees %s', (_, variant) => {
    if (jsonEqual(normalise('workflowDef', base), normalise('workflowDef', variant))) return
    expect(normalisedEqual('workflowDef', base, variant)).toBe(false)
    expect(normalisedEqual('workflowDef', asServerHasIt, variant)).toBe(false)
  })
})
