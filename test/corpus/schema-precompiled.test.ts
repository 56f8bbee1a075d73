import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {compileNow, precompiled} from '../../src/lib/definitions/schema.js'
import {validatorsFile, validatorsSource} from '../../src/lib/definitions/schema-code.js'
import {corpusDefinitions} from '../helpers/corpus.js'

/** Definitions that break many schema rules at once, at every nesting level. */
const BAD: {kind: 'workflow' | 'task'; doc: unknown}[] = [
  {kind: 'workflow', doc: {}},
  {
    kind: 'workflow',
    doc: {name: '', tasks: [], schemaVersion: 1, timeoutPolicy: 'NEVER', version: 'x', ownerEmail: ''},
  },
  {
    kind: 'workflow',
    doc: {
      name: 'w',
      tasks: [
        {name: 's', taskReferenceName: 's', type: 'SWITCH', decisionCases: {}},
        {name: '', taskReferenceName: 7, startDelay: -1, optional: 'no'},
        {name: 'f', taskReferenceName: 'f', type: 'FORK_JOIN', forkTasks: [[{name: 'x'}]]},
        {name: 'd', taskReferenceName: 'd', type: 'DO_WHILE', loopOver: [{taskReferenceName: 'l'}]},
        {name: 't', taskReferenceName: 't', type: 'TERMINATE', optional: true, inputParameters: {}},
        {
          name: 'sub',
          taskReferenceName: 'sub',
          type: 'SUB_WORKFLOW',
          subWorkflowParam: {workflowDefinition: {name: 1, tasks: 'no'}},
        },
      ],
      rateLimitConfig: {policy: 'DROP'},
    },
  },
  {kind: 'task', doc: {name: 'x', retryCount: -1, timeoutPolicy: 'X', retryLogic: 'Y', inputKeys: 'a'}},
  {kind: 'task', doc: []},
]

describe('precompiled schema validators', () => {
  it('are generated from the current schemas (else: node scripts/generate-validators.mjs)', async () => {
    expect(readFileSync(validatorsFile(), 'utf8')).toBe(await validatorsSource())
    expect(await precompiled()).toBeDefined()
  })

  it('report exactly what ajv compiling the schemas now reports', async () => {
    const fast = (await precompiled())!
    const slow = await compileNow()
    const docs = [...BAD, ...corpusDefinitions().map((d) => ({kind: d.kind, doc: d.doc}))]
    let failing = 0
    for (const {kind, doc} of docs) {
      const ok = slow[kind](doc)
      expect(fast[kind](doc)).toBe(ok)
      expect(JSON.stringify(fast[kind].errors)).toBe(JSON.stringify(slow[kind].errors))
      if (!ok) failing++
    }
    expect(failing).toBeGreaterThanOrEqual(BAD.length)
  })
})
