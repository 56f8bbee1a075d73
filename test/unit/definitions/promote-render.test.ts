import {describe, expect, it} from 'vitest'
import {planNotes, planRows, planText, unconfirmed} from '../../../src/lib/definitions/promote-render.js'
import type {PlanItem, PromotionPlan} from '../../../src/lib/definitions/promote.js'

const item = (name: string, action: PlanItem['action'], over: Partial<PlanItem> = {}): PlanItem => ({
  kind: 'workflow',
  name,
  version: 1,
  action,
  changedPaths: [],
  target: null,
  ...over,
})
const plan = (items: PlanItem[], targetOnly: PromotionPlan['targetOnly'] = []): PromotionPlan => ({
  format: 'conductor-promotion-plan/1',
  source: {server: 'http://a'},
  target: {server: 'http://b'},
  items,
  targetOnly,
  summary: {
    create: items.filter((i) => i.action === 'create').length,
    update: items.filter((i) => i.action === 'update').length,
    unchanged: items.filter((i) => i.action === 'unchanged').length,
    targetOnly: targetOnly.length,
  },
})

describe('promote rendering', () => {
  const p = plan(
    [
      item('new', 'create'),
      item('chg', 'update', {changedPaths: ['$.a', '$.b', '$.c', '$.d']}),
      item('same', 'unchanged'),
    ],
    [{kind: 'task', name: 'extra'}],
  )

  it('rows: what changes, with at most three changed paths', () => {
    const {rows, columns} = planRows(p, false)
    expect(rows.map((r) => r.name)).toEqual(['new', 'chg'])
    const changed = columns.find((c) => c.header === 'Changed')
    expect(changed?.get(rows[1] as PlanItem)).toBe('$.a $.b $.c (+1)')
  })

  it('after apply, the result is the action', () => {
    const applied = plan([item('new', 'create', {result: 'created'}), item('same', 'unchanged')])
    expect(planRows(applied, true).rows.map((r) => r.name)).toEqual(['new'])
    expect(planNotes(applied, true)).toEqual(['http://a → http://b: 1 created, 1 unchanged'])
  })

  it('notes: counts in a fixed order, and what is only on the target', () => {
    expect(planNotes(p, false)).toEqual([
      'http://a → http://b: 1 to create, 1 to update, 1 unchanged',
      'Only on the target (left alone): task extra',
    ])
    expect(planNotes(plan([]), false)).toEqual(['http://a → http://b: nothing selected'])
  })

  it('text before the question', () => {
    expect(planText(p).split('\n')).toEqual([
      'Plan: http://a → http://b',
      '  create  workflow new v1',
      '  update  workflow chg v1  ($.a, $.b, $.c, $.d)',
      '  1 unchanged, 1 only on the target (left alone)',
    ])
  })

  it('unconfirmed: failed and cut-off items', () => {
    expect(
      unconfirmed(plan([item('a', 'create', {result: 'failed'}), item('b', 'create', {result: 'unknown'})])),
    ).toEqual({failed: 2, unknown: true})
    expect(unconfirmed(plan([item('a', 'create', {result: 'created'})]))).toEqual({failed: 0, unknown: false})
  })
})
