import {readFile, writeFile} from 'node:fs/promises'
import {describe, expect, it} from 'vitest'
import Apply from '../../../src/commands/apply.js'
import Plan from '../../../src/commands/plan.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {MOCK_ORIGIN, mockServer} from '../../helpers/mock-server.js'
import {defs, error, fakeConductor, OK, served, tempDirs, type Doc, type Holdings} from './fake-conductor.js'

const server = mockServer()
const fake = fakeConductor(server)
const tmp = tempDirs()
const run = (command: unknown, argv: string[]) => runInProcess(command as CommandClass, argv, server)

type Item = {
  kind: string
  name: string
  version?: number
  action: string
  result?: string
  changedPaths: string[]
  error?: string
}
type PlanDoc = {
  format: string
  server: string
  kinds: string[]
  prune: boolean
  items: Item[]
  summary: Record<string, number>
  error?: {kind: string; exitCode: number; message: string}
}

const handler = (name: string, workflow: string): Doc => ({
  name,
  event: 'conductor:orders:done',
  active: true,
  actions: [{action: 'start_workflow', start_workflow: {name: workflow, version: 1}}],
})

/** A tree with every kind: a task definition, a workflow, a schedule and an event handler. */
async function tree(extra: Record<string, unknown> = {}): Promise<string> {
  return tmp.write({
    'tasks/t1.json': defs.task('t1'),
    'workflows/orders.json': defs.workflow('orders', 1),
    'schedules/nightly.yaml':
      'name: nightly\ncronExpression: "0 0 2 * * *"\nstartWorkflowRequest:\n  name: orders\n  version: 1\n',
    'events/on-done.json': handler('on_done', 'orders'),
    ...extra,
  })
}

/** What the server holds, every list the plan may read (empty unless given). */
const holds = (state: Holdings = {}) => fake.holds({workflows: [], taskDefs: [], schedules: [], handlers: [], ...state})
/** The server accepts each write of the tree. */
function acceptsWrites() {
  fake.on('POST', '/api/metadata/taskdefs', OK)
  fake.on('PUT', '/api/metadata/workflow', {body: served.bulk(['orders'])})
  fake.on('POST', '/api/event', OK)
  fake.on('POST', '/api/scheduler/schedules', {body: served.schedule(defs.schedule('nightly', 'orders'))})
}
const nightly = {name: 'nightly', cronExpression: '0 0 2 * * *', startWorkflowRequest: {name: 'orders', version: 1}}

const summaryOf = (items: Item[]) => items.map((i) => `${i.action} ${i.kind} ${i.name}`)

describe('plan', () => {
  it('every kind in one tree: all to create on an empty server, exit 1 (changes)', async () => {
    holds()
    const dir = await tree()
    const {doc, exitCode, stdout} = await run(Plan, [dir, '--json'])
    expect(exitCode).toBe(1)
    const plan = doc as PlanDoc
    expect(plan.format).toBe('conductor-plan/1')
    expect(plan.server).toBe(MOCK_ORIGIN)
    expect(plan.kinds).toEqual(['task', 'workflow', 'event-handler', 'schedule'])
    // in the order they are applied
    expect(summaryOf(plan.items)).toEqual([
      'create task t1',
      'create workflow orders',
      'create event-handler on_done',
      'create schedule nightly',
    ])
    expect(plan.summary).toEqual({create: 4, update: 0, delete: 0, unchanged: 0})
    expect(plan.error?.kind).toBe('differences')
    expect(stdout).not.toContain('document": null')
    expect(fake.writes()).toEqual([])
  })

  it('text: one line per change, the changed paths, the count on stderr; nothing to do is exit 0', async () => {
    // the second plan finds t1 as the files have it
    fake.on(
      'GET',
      '/api/metadata/taskdefs',
      {body: [served.taskDef(defs.task('t1'))]},
      {
        body: [served.taskDef(defs.task('t1', {retryCount: 4}))],
      },
    )
    holds({workflows: [defs.workflow('orders', 1)]})
    const dir = await tmp.write({
      't1.json': defs.task('t1', {retryCount: 4}),
      'orders.json': defs.workflow('orders', 1),
    })
    const text = await run(Plan, [dir])
    expect(text.exitCode).toBe(1)
    expect(text.stdout).toMatch(/^update\s+task t1 {2}\(.*t1\.json\)$/m)
    expect(text.stdout).toContain('            $.retryCount')
    expect(text.stderr).toContain(`${MOCK_ORIGIN}: 1 to update, 1 unchanged`)
    const same = await run(Plan, [dir, '--json'])
    expect(same.exitCode).toBe(0)
    expect((same.doc as PlanDoc).summary).toEqual({create: 0, update: 0, delete: 0, unchanged: 2})
  })

  it('--prune lists server objects of the managed kinds no file holds; --match limits them', async () => {
    holds({
      workflows: [defs.workflow('billing', 1), defs.workflow('orders', 1), defs.workflow('orders_old', 1)],
      taskDefs: [defs.task('unmanaged_kind_is_left_alone')],
    })
    const dir = await tmp.write({'orders.json': defs.workflow('orders', 1)})
    const all = await run(Plan, [dir, '--prune', '--json'])
    expect(summaryOf((all.doc as PlanDoc).items).sort()).toEqual([
      'delete workflow billing',
      'delete workflow orders_old',
      'unchanged workflow orders',
    ])
    const matched = await run(Plan, [dir, '--prune', '--match', 'orders_*', '--json'])
    expect(summaryOf((matched.doc as PlanDoc).items).sort()).toEqual([
      'delete workflow orders_old',
      'unchanged workflow orders',
    ])
    const noPrune = await run(Plan, [dir, '--match', 'x', '--json'])
    expect(noPrune.exitCode).toBe(2)
  })

  it('a schedule that starts a workflow neither in the files nor on the server is an error: no plan (exit 3)', async () => {
    holds()
    const dir = await tmp.write({'s.json': defs.schedule('nightly', 'nosuch')})
    const {doc, exitCode} = await run(Plan, [dir, '--json'])
    expect(exitCode).toBe(3)
    const failure = doc as {problems: {message: string}[]; error: {message: string}}
    expect(failure.error.message).toMatch(/^Nothing was planned: \d+ error/)
    expect(failure.problems.map((p) => p.message).join(' ')).toContain('nosuch')
  })

  it('a schedule may start a workflow that only the server has', async () => {
    holds({workflows: [defs.workflow('orders', 1)]})
    const dir = await tmp.write({'s.json': defs.schedule('nightly', 'orders')})
    const {doc, exitCode} = await run(Plan, [dir, '--json'])
    expect(exitCode).toBe(1)
    expect(summaryOf((doc as PlanDoc).items)).toEqual(['create schedule nightly'])
  })

  it('--out writes the plan with the documents it would send', async () => {
    holds()
    const dir = await tree()
    const out = `${tmp.dir()}/plan.json`
    const {exitCode} = await run(Plan, [`${dir}/tasks`, '--out', out])
    expect(exitCode).toBe(1)
    const saved = JSON.parse(await readFile(out, 'utf8')) as PlanDoc & {items: (Item & {document: Doc; target: null})[]}
    expect(saved.items).toEqual([
      expect.objectContaining({kind: 'task', name: 't1', action: 'create', target: null, document: defs.task('t1')}),
    ])
  })
})

describe('apply', () => {
  it('sends every kind in dependency order, then a second apply sends nothing', async () => {
    // apply reads each list twice (to plan, then to check nothing moved before writing): empty in
    // the first apply, then holding what it sent
    const empty = {body: []}
    fake.on('GET', '/api/metadata/taskdefs', empty, empty, {body: [served.taskDef(defs.task('t1'))]})
    fake.on('GET', '/api/metadata/workflow', empty, empty, {body: [served.workflow(defs.workflow('orders', 1))]})
    fake.on('GET', '/api/event', empty, empty, {body: [handler('on_done', 'orders')]})
    fake.on('GET', '/api/scheduler/schedules', empty, empty, {body: [served.schedule(nightly)]})
    acceptsWrites()
    const dir = await tree()
    const {doc, exitCode, stdout} = await run(Apply, [dir, '--json'])
    expect(exitCode).toBe(0)
    expect((doc as PlanDoc).items.map((i) => `${i.name}:${i.result}`)).toEqual([
      't1:created',
      'orders:created',
      'on_done:created',
      'nightly:created',
    ])
    expect(stdout).not.toContain('"document"')
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/metadata/taskdefs',
      'PUT /api/metadata/workflow',
      'POST /api/event',
      'POST /api/scheduler/schedules',
    ])
    expect(fake.writes().map((r) => r.body)).toEqual([
      [defs.task('t1')],
      [defs.workflow('orders', 1)],
      handler('on_done', 'orders'),
      nightly,
    ])
    fake.requests.length = 0
    const again = await run(Apply, [dir])
    expect(again.exitCode).toBe(0)
    expect(again.stderr).toContain(`${MOCK_ORIGIN}: 4 unchanged`)
    expect(fake.writes()).toEqual([])
    expect(fake.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /api/event',
      'GET /api/metadata/taskdefs',
      'GET /api/metadata/workflow',
      'GET /api/scheduler/schedules',
    ])
  })

  it('updates an event handler with PUT', async () => {
    holds({workflows: [defs.workflow('orders', 1)], handlers: [handler('on_done', 'orders')]})
    fake.on('PUT', '/api/event', OK)
    const dir = await tmp.write({'h.json': {...handler('on_done', 'orders'), active: false}})
    const {exitCode, stdout} = await run(Apply, [dir])
    expect(exitCode).toBe(0)
    expect(stdout).toMatch(/^updated\s+event-handler on_done/m)
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /api/event'])
    expect(fake.writes()[0]?.body).toEqual({...handler('on_done', 'orders'), active: false})
  })

  it('--prune deletes only with --yes off a terminal, schedules before workflows', async () => {
    holds({workflows: [defs.workflow('gone', 2), defs.workflow('orders', 1)]})
    fake.on('DELETE', '/api/metadata/workflow/gone/2', OK)
    const dir = await tmp.write({'orders.json': defs.workflow('orders', 1)})
    const refused = await run(Apply, [dir, '--prune'])
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toMatch(/^delete\s+workflow gone v2/m)
    expect(fake.writes()).toEqual([])
    const {doc, exitCode} = await run(Apply, [dir, '--prune', '--yes', '--json'])
    expect(exitCode).toBe(0)
    expect((doc as PlanDoc).items.find((i) => i.name === 'gone')?.result).toBe('deleted')
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /api/metadata/workflow/gone/2'])
  })

  it('--prune deletes every kind, what refers to others first: schedules, handlers, workflows, task definitions', async () => {
    holds({
      taskDefs: [defs.task('old_task')],
      workflows: [defs.workflow('old_flow', 1)],
      schedules: [defs.schedule('old_schedule', 'old_flow')],
      handlers: [handler('old_handler', 'old_flow')],
    })
    acceptsWrites()
    fake.on('DELETE', '/api/scheduler/schedules/old_schedule', OK)
    fake.on('DELETE', '/api/event/old_handler', OK)
    fake.on('DELETE', '/api/metadata/workflow/old_flow/1', OK)
    fake.on('DELETE', '/api/metadata/taskdefs/old_task', OK)
    const dir = await tree()
    const {doc, exitCode} = await run(Apply, [dir, '--prune', '--yes', '--json'])
    expect(exitCode).toBe(0)
    const deleted = (doc as PlanDoc).items
      .filter((i) => i.action === 'delete')
      .map((i) => `${i.kind} ${i.name}:${i.result}`)
    expect(deleted.sort()).toEqual([
      'event-handler old_handler:deleted',
      'schedule old_schedule:deleted',
      'task old_task:deleted',
      'workflow old_flow:deleted',
    ])
    const deletes = fake
      .writes()
      .filter((r) => r.method === 'DELETE')
      .map((r) => r.path)
    expect(deletes).toEqual([
      '/api/scheduler/schedules/old_schedule',
      '/api/event/old_handler',
      '/api/metadata/workflow/old_flow/1',
      '/api/metadata/taskdefs/old_task',
    ])
  })

  it('a deletion the server refuses is reported failed with its message, exit 9', async () => {
    holds({taskDefs: [defs.task('old_task'), defs.task('t1')]})
    fake.on('DELETE', '/api/metadata/taskdefs/old_task', error(500, 'in use'))
    const dir = await tmp.write({'t1.json': defs.task('t1')})
    const {doc, exitCode} = await run(Apply, [dir, '--prune', '--yes', '--json'])
    expect(exitCode).toBe(9)
    expect((doc as PlanDoc).items.find((i) => i.name === 'old_task')).toMatchObject({result: 'failed'})
    expect((doc as PlanDoc).items.find((i) => i.name === 'old_task')?.error).toContain('in use')
  })

  it('a failed write is reported per object, exit 9', async () => {
    fake.on('POST', '/api/event', error(400, 'Missing event handler name'))
    holds({workflows: [defs.workflow('orders', 1)]})
    const dir = await tmp.write({'h.json': handler('on_done', 'orders')})
    const {doc, exitCode} = await run(Apply, [dir, '--json'])
    expect(exitCode).toBe(9)
    const item = (doc as PlanDoc).items[0]
    expect(item).toMatchObject({
      name: 'on_done',
      result: 'failed',
      error: 'POST /api/event failed with HTTP 400: Missing event handler name',
    })
  })

  it('--plan applies a saved plan only while the server is as planned (else conflict, exit 5, nothing written)', async () => {
    // t1 as planned, then changed by someone (the apply and the next plan see that), then as planned again
    fake.on(
      'GET',
      '/api/metadata/taskdefs',
      {body: [served.taskDef(defs.task('t1'))]},
      {body: [served.taskDef(defs.task('t1', {retryCount: 9}))]},
      {body: [served.taskDef(defs.task('t1', {retryCount: 9}))]},
      {body: [served.taskDef(defs.task('t1', {retryCount: 9}))]},
    )
    fake.on('PUT', '/api/metadata/taskdefs', OK)
    const dir = `${await tmp.write({'defs/t1.json': defs.task('t1', {retryCount: 2})})}/defs`
    const out = `${tmp.dir()}/plan.json`
    expect((await run(Plan, [dir, '--out', out])).exitCode).toBe(1)
    // someone changes t1 on the server after the plan was made
    const moved = await run(Apply, ['--plan', out, '--json'])
    expect(moved.exitCode).toBe(5)
    expect((moved.doc as PlanDoc).error?.message).toContain('the server changed since the plan was made: task t1')
    expect(fake.writes()).toEqual([])
    // planned again against the current server, it applies
    expect((await run(Plan, [dir, '--out', out])).exitCode).toBe(1)
    const ok = await run(Apply, ['--plan', out, '--json'])
    expect(ok.exitCode).toBe(0)
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /api/metadata/taskdefs'])
    expect(fake.writes()[0]?.body).toEqual(defs.task('t1', {retryCount: 2}))
  })

  it('--plan: a plan for another server, a file that is not a plan, or PATHS too, are refused', async () => {
    const out = `${tmp.dir()}/plan.json`
    await writeFile(out, JSON.stringify({format: 'conductor-plan/1', server: 'http://elsewhere:8080', items: []}))
    const other = await run(Apply, ['--plan', out, '--json'])
    expect(other.exitCode).toBe(2)
    expect((other.doc as PlanDoc).error?.message).toBe(
      `The plan was made for http://elsewhere:8080, not ${MOCK_ORIGIN}`,
    )
    await writeFile(out, '{"format": "something-else"}')
    const notPlan = await run(Apply, ['--plan', out, '--json'])
    expect(notPlan.exitCode).toBe(3)
    await writeFile(out, 'not json')
    expect((await run(Apply, ['--plan', out, '--json'])).exitCode).toBe(3)
    expect((await run(Apply, ['--plan', `${tmp.dir()}/missing.json`, '--json'])).exitCode).toBe(2)
    expect((await run(Apply, ['--plan', out, tmp.dir(), '--json'])).exitCode).toBe(2)
    expect((await run(Apply, ['--json'])).exitCode).toBe(2)
    expect(fake.writes()).toEqual([])
  })

  it('an invalid tree applies nothing (exit 3)', async () => {
    holds()
    const dir = await tmp.write({'bad.json': {name: 'w', tasks: [{type: 'SIMPLE'}]}, 't.json': defs.task('t1')})
    const {exitCode, stderr} = await run(Apply, [dir])
    expect(exitCode).toBe(3)
    expect(stderr).toContain('Nothing was planned')
    expect(fake.writes()).toEqual([])
  })
})
