import {describe, expect, it} from 'vitest'
import {MODELS, type ModelName} from '../../../src/lib/definitions/model.js'
import {knownFields} from '../../../src/lib/definitions/schema.js'

/** The normaliser's model (model.ts) and the JSON Schemas (schemas/) must know the same fields. */
describe('model.ts and the JSON Schemas agree', async () => {
  const known = await knownFields()
  for (const [model, fields] of Object.entries(known) as [ModelName, Set<string>][]) {
    it(`${model}`, () => {
      const schema = [...fields].filter((f) => f !== '$schema' && f !== 'workflowTaskType').sort() // workflowTaskType: a read-only mirror of `type` that the server ignores
      expect(Object.keys(MODELS[model].fields).sort()).toEqual(schema)
    })
  }
})
