import {describe, expect, it} from 'vitest'
import {MODELS} from '../../../src/lib/definitions/model.js'
import {knownFields} from '../../../src/lib/definitions/schema.js'

/** The normaliser's model (model.ts) and the JSON Schemas (schemas/) must know the same fields. */
describe('model.ts and the JSON Schemas agree', () => {
  const pairs = [
    ['workflowDef', 'WorkflowDef'],
    ['workflowTask', 'WorkflowTask'],
    ['taskDef', 'TaskDef'],
    ['subWorkflowParams', 'SubWorkflowParams'],
    ['cacheConfig', 'CacheConfig'],
    ['rateLimitConfig', 'RateLimitConfig'],
  ] as const
  for (const [model, schemaName] of pairs) {
    it(`${model}`, async () => {
      const schema = [...(await knownFields())[schemaName]]
        .filter((f) => f !== '$schema' && f !== 'workflowTaskType')
        .sort() // workflowTaskType: a read-only mirror of `type` that the server ignores
      expect(Object.keys(MODELS[model].fields).sort()).toEqual(schema)
    })
  }
})
