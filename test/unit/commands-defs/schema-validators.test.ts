import {createRequire} from 'node:module'
import {describe, expect, it} from 'vitest'
import type {DefinitionKind} from '../../../src/lib/definitions/kind.js'
import {compileNow, schemaFindings} from '../../../src/lib/definitions/schema.js'
import {schemaDigest, schemaTexts, validatorsSource} from '../../../src/lib/definitions/schema-code.js'
import {defs, type Doc} from './fake-conductor.js'

/**
 * The JSON Schemas are compiled ahead of time into a module (`npm run build`) or at run time when
 * that module is missing or stale: both must give every document the same verdict.
 */
const documents: [DefinitionKind, Doc, boolean][] = [
  ['workflow', defs.workflow('w'), true],
  ['workflow', defs.workflow('w', 1, []), false],
  ['workflow', {...defs.workflow('w'), schemaVersion: 1}, false],
  ['task', defs.task('t'), true],
  ['task', defs.task('t', {retryCount: -1}), false],
  ['task', defs.task('t', {timeoutPolicy: 'SOMETIMES'}), false],
  ['schedule', defs.schedule('s', 'w'), true],
  ['schedule', {cronExpression: '0 0 * * * *'}, false],
  ['event-handler', {name: 'h', event: 'conductor:w:t', actions: [{action: 'complete_task', complete_task: {}}]}, true],
  ['event-handler', {name: 'h', event: 'conductor:w:t', actions: []}, false],
]

describe('schema validators', () => {
  it('compiled at run time: the expected verdicts, the same as schemaFindings', async () => {
    const now = await compileNow()
    for (const [kind, doc, valid] of documents) {
      expect(now[kind](doc), `${kind} ${JSON.stringify(doc)}`).toBe(valid)
      expect((await schemaFindings(kind, doc)).length === 0, `${kind} ${JSON.stringify(doc)}`).toBe(valid)
    }
  })

  it('the generated module source gives the same verdicts and carries the digest of the schema texts', async () => {
    const source = await validatorsSource()
    const module = {exports: {} as Record<string, unknown>}
    const require = createRequire(import.meta.url)
    new Function('module', 'exports', 'require', source)(module, module.exports, require)
    expect(module.exports.digest).toBe(schemaDigest(await schemaTexts()))
    for (const [kind, doc, valid] of documents) {
      const validate = module.exports[kind] as (d: unknown) => boolean
      expect(validate(doc), `${kind} ${JSON.stringify(doc)}`).toBe(valid)
    }
  })

  it('messages name the field and the rule', async () => {
    const empty = await schemaFindings('workflow', defs.workflow('w', 1, []))
    expect(empty.map((f) => f.message)).toContain('tasks must not be empty: a workflow needs at least one task')
    const version = await schemaFindings('workflow', {...defs.workflow('w'), schemaVersion: 1})
    expect(version[0]?.message).toMatch(/^schemaVersion must be 2: the server supports no other value/)
    const policy = await schemaFindings('task', defs.task('t', {timeoutPolicy: 'SOMETIMES'}))
    expect(policy[0]?.message).toMatch(/must be one of RETRY, TIME_OUT_WF, ALERT_ONLY/)
    expect(policy[0]?.path).toEqual(['timeoutPolicy'])
  })
})
