import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {loadDefinitions} from '../../../src/lib/definitions/load.js'
import {APPLY_PLAN_FORMAT} from '../../../src/lib/definitions/plan.js'
import {PLAN_FORMAT} from '../../../src/lib/definitions/promote.js'

const wf = {name: 'orders', version: 1, schemaVersion: 2, tasks: [{name: 't', taskReferenceName: 't', type: 'SIMPLE'}]}

describe('a saved plan among the definitions (plan . --out plan.json)', () => {
  for (const format of [APPLY_PLAN_FORMAT, PLAN_FORMAT]) {
    it(`is passed over in a folder, and refused by name, for ${format}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'saved-plan-'))
      writeFileSync(join(dir, 'orders.json'), JSON.stringify(wf))
      writeFileSync(join(dir, 'plan.json'), JSON.stringify({format, items: [], summary: {}}))
      const walked = await loadDefinitions([dir])
      expect(walked.problems).toEqual([])
      expect(walked.definitions.map((d) => d.name)).toEqual(['orders'])

      const named = await loadDefinitions([join(dir, 'plan.json')])
      expect(named.definitions).toEqual([])
      expect(named.problems).toHaveLength(1)
      expect(named.problems[0]?.severity).toBe('error')
      expect(named.problems[0]?.message).toContain(`a saved plan (${format}), not a definition`)
    })
  }
})
