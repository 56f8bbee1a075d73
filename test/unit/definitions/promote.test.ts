import {describe, expect, it} from 'vitest'
import type {ServerDefinition} from '../../../src/lib/definitions/export.js'
import type {Json} from '../../../src/lib/definitions/model.js'
import {
  applyPromotion,
  driftedItems,
  fingerprint,
  parsePlan,
  planPromotion,
  type PromotionPlan,
} from '../../../src/lib/definitions/promote.js'
import {definitionKey} from '../../../src/lib/definitions/compare.js'
import {mockServer} from '../../helpers/mock-server.js'

const ORIGIN = 'http://target.test:8080'
const source = {server: 'http://source.test:8080'}
const target = {server: ORIGIN}
const all = {kinds: new Set(['workflow', 'task'] as const), allVersions: false}

const wf = (
  name: string,
  version: number,
  tasks: unknown[],
  extra: Record<string, unknown> = {},
): ServerDefinition => ({
  kind: 'workflow',
  name,
  version,
  doc: {createTime: Date.now(), name, version, schemaVersion: 2, tasks, ...extra} as Json,
})
const td = (name: string, retryCount = 3): ServerDefinition => ({
  kind: 'task',
  name,
  doc: {createTime: 1, createdBy: '', name, retryCount} as Json,
})
const simple = (ref: string) => ({name: ref, taskReferenceName: ref, type: 'SIMPLE'})
const sub = (ref: string, child: string) => ({
  name: ref,
  taskReferenceName: ref,
  type: 'SUB_WORKFLOW',
  subWorkflowParam: {name: child, version: 1},
})

describe('planPromotion', () => {
  it('create, update, unchanged; target-only listed; audit fields and defaults are not differences', async () => {
    const src = [wf('new', 1, [simple('a')]), wf('same', 1, [simple('a')]), wf('changed', 1, [simple('a')]), td('t', 5)]
    const dst = [
      wf('same', 1, [{...simple('a'), inputParameters: {}, optional: false}], {createTime: 5, restartable: true}),
      wf('changed', 1, [simple('b')]),
      td('t', 5),
      wf('extra', 1, [simple('a')]),
    ]
    const plan = await planPromotion(source, target, src, dst, all)
    expect(plan.items.map((i) => `${i.action} ${i.kind} ${i.name}`).sort()).toEqual(
      ['create workflow new', 'unchanged task t', 'unchanged workflow same', 'update workflow changed'].sort(),
    )
    expect(plan.targetOnly).toEqual([{kind: 'workflow', name: 'extra', version: 1}])
    expect(plan.summary).toEqual({create: 1, update: 1, unchanged: 2, targetOnly: 1})
    const update = plan.items.find((i) => i.name === 'changed')
    expect(update?.changedPaths).toEqual(['$.tasks[0].name', '$.tasks[0].taskReferenceName'])
    expect(update?.target).toBe(fingerprint('workflow', dst[1]?.doc))
    expect(plan.items.find((i) => i.name === 'new')?.target).toBeNull()
    // what is written is the source copy less audit fields; unchanged items carry no document
    expect(plan.items.find((i) => i.name === 'new')?.document).not.toHaveProperty('createTime')
    expect(plan.items.find((i) => i.name === 'same')).not.toHaveProperty('document')
  })

  it('promotes the latest version of each workflow unless all versions are asked for; names filter', async () => {
    const src = [wf('a', 1, [simple('x')]), wf('a', 2, [simple('y')]), wf('b', 1, [simple('x')])]
    const latest = await planPromotion(source, target, src, [], {...all, name: {test: (n: string) => n === 'a'}})
    expect(latest.items.map((i) => `${i.name} v${i.version}`)).toEqual(['a v2'])
    const every = await planPromotion(source, target, src, [], {...all, allVersions: true})
    expect(every.items).toHaveLength(3)
  })

  it('driftedItems: a planned definition whose target copy moved (or appeared) since the plan', async () => {
    const dst = [wf('changed', 1, [simple('b')])]
    const plan = await planPromotion(
      source,
      target,
      [wf('changed', 1, [simple('a')]), wf('new', 1, [simple('a')])],
      dst,
      all,
    )
    const state = (docs: ServerDefinition[]) =>
      new Map(docs.map((d) => [definitionKey(d.kind, d.name, d.version), d.doc]))
    expect(driftedItems(plan, state(dst))).toEqual([])
    // audit fields only: not a drift
    expect(
      driftedItems(plan, state([{...dst[0]!, doc: {...(dst[0]!.doc as object), updateTime: 99} as Json}])),
    ).toEqual([])
    expect(driftedItems(plan, state([wf('changed', 1, [simple('c')])])).map((i) => i.name)).toEqual(['changed'])
    expect(driftedItems(plan, state([...dst, wf('new', 1, [simple('z')])])).map((i) => i.name)).toEqual(['new'])
  })
})

describe('parsePlan', () => {
  it('reads back a plan and refuses anything else', async () => {
    const plan = await planPromotion(source, target, [wf('a', 1, [simple('x')])], [], all)
    expect(parsePlan(JSON.stringify(plan), 'p.json')).toEqual(plan)
    expect(() => parsePlan('{', 'p.json')).toThrow(/not JSON/)
    expect(() => parsePlan(JSON.stringify({...plan, format: 'x'}), 'p.json')).toThrow(/not a promotion plan/)
    expect(() =>
      parsePlan(JSON.stringify({...plan, items: [{...plan.items[0], document: undefined}]}), 'p.json'),
    ).toThrow(/not a promotion plan/)
  })
})

describe('applyPromotion', () => {
  const {client, pool} = mockServer(ORIGIN)

  const makePlan = async (): Promise<PromotionPlan> =>
    planPromotion(
      source,
      target,
      [td('t'), wf('child', 1, [simple('t')]), wf('parent', 1, [sub('s', 'child')])],
      [wf('parent', 1, [simple('old')])],
      all,
    )

  it('sends task definitions, then the sub-workflow, then its parent; reports each', async () => {
    const plan = await makePlan()
    const writes: string[] = []
    pool()
      .intercept({path: '/api/metadata/workflow', method: 'GET'})
      .reply(200, [wf('parent', 1, [simple('old')]).doc])
    pool().intercept({path: '/api/metadata/taskdefs', method: 'GET'}).reply(200, [])
    const names = (body: unknown) => (JSON.parse(String(body)) as {name: string}[]).map((d) => d.name).join(',')
    pool()
      .intercept({path: '/api/metadata/taskdefs', method: 'POST'})
      .reply((request) => (writes.push(`tasks ${names(request.body)}`), {statusCode: 200, data: ''}))
    pool()
      .intercept({path: '/api/metadata/workflow', method: 'PUT'})
      .reply(
        (request) => (
          writes.push(`workflows ${names(request.body)}`),
          {statusCode: 200, data: {bulkErrorResults: {}, bulkSuccessfulResults: []}}
        ),
      )
      .times(2)
    const applied = await applyPromotion(client(), plan)
    expect(writes).toEqual(['tasks t', 'workflows child', 'workflows parent'])
    expect(applied.items.map((i) => `${i.name} ${i.result}`)).toEqual(['t created', 'child created', 'parent updated'])
    expect(applied.items.some((i) => 'document' in i)).toBe(false)
  })

  it('refuses with a conflict, writing nothing, when the target changed since the plan', async () => {
    const plan = await makePlan()
    pool()
      .intercept({path: '/api/metadata/workflow', method: 'GET'})
      .reply(200, [wf('parent', 1, [simple('someone-else')]).doc])
    pool().intercept({path: '/api/metadata/taskdefs', method: 'GET'}).reply(200, [])
    await expect(applyPromotion(client(), plan)).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('workflow parent v1'),
    })
    // no write was intercepted: MockAgent with disableNetConnect would have thrown on any
  })
})
