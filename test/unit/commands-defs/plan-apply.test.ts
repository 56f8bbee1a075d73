import {readFile, writeFile} from 'node:fs/promises'
import {describe, expect, it} from 'vitest'
import Apply from '../../../src/commands/apply.js'
import Plan from '../../../src/commands/plan.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {MOCK_ORIGIN, mockServer} from '../../helpers/mock-server.js'
import {defs, fakeConductor, tempDirs, type Doc} from './fake-conductor.js'

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

const summaryOf = (items: Item[]) => items.map((i) => `${i.action} ${i.kind} ${i.name}`)

describe('plan', () => {
  it('every kind in one tree: all to create on an empty server, exit 1 (changes)', async () => {
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
    fake.addTaskDef(defs.task('t1'))
    fake.addWorkflow(defs.workflow('orders', 1))
    const dir = await tmp.write({
      't1.json': defs.task('t1', {retryCount: 4}),
      'orders.json': defs.workflow('orders', 1),
    })
    const text = await run(Plan, [dir])
    expect(text.exitCode).toBe(1)
    expect(text.stdout).toMatch(/^update\s+task t1 {2}\(.*t1\.json\)$/m)
    expect(text.stdout).toContain('            $.retryCount')
    expect(text.stderr).toContain(`${MOCK_ORIGIN}: 1 to update, 1 unchanged`)
    fake.addTaskDef(defs.task('t1', {retryCount: 4}))
    const same = await run(Plan, [dir, '--json'])
    expect(same.exitCode).toBe(0)
    expect((same.doc as PlanDoc).summary).toEqual({create: 0, update: 0, delete: 0, unchanged: 2})
  })

  it('--prune lists server objects of the managed kinds no file holds; --match limits them', async () => {
    fake.addWorkflow(defs.workflow('orders', 1))
    fake.addWorkflow(defs.workflow('orders_old', 1))
    fake.addWorkflow(defs.workflow('billing', 1))
    fake.addTaskDef(defs.task('unmanaged_kind_is_left_alone'))
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
    const dir = await tmp.write({'s.json': defs.schedule('nightly', 'nosuch')})
    const {doc, exitCode} = await run(Plan, [dir, '--json'])
    expect(exitCode).toBe(3)
    const failure = doc as {problems: {message: string}[]; error: {message: string}}
    expect(failure.error.message).toMatch(/^Nothing was planned: \d+ error/)
    expect(failure.problems.map((p) => p.message).join(' ')).toContain('nosuch')
  })

  it('a schedule may start a workflow that only the server has', async () => {
    fake.addWorkflow(defs.workflow('orders', 1))
    const dir = await tmp.write({'s.json': defs.schedule('nightly', 'orders')})
    const {doc, exitCode} = await run(Plan, [dir, '--json'])
    expect(exitCode).toBe(1)
    expect(summaryOf((doc as PlanDoc).items)).toEqual(['create schedule nightly'])
  })

  it('--out writes the plan with the documents it would send', async () => {
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
    expect(fake.schedules.get('nightly')?.startWorkflowRequest).toEqual({name: 'orders', version: 1})
    fake.requests.length = 0
    const again = await run(Apply, [dir])
    expect(again.exitCode).toBe(0)
    expect(again.stderr).toContain(`${MOCK_ORIGIN}: 4 unchanged`)
    expect(fake.writes()).toEqual([])
  })

  it('updates an event handler with PUT', async () => {
    fake.addWorkflow(defs.workflow('orders', 1))
    fake.handlers.set('on_done', handler('on_done', 'orders'))
    const dir = await tmp.write({'h.json': {...handler('on_done', 'orders'), active: false}})
    const {exitCode, stdout} = await run(Apply, [dir])
    expect(exitCode).toBe(0)
    expect(stdout).toMatch(/^updated\s+event-handler on_done/m)
    expect(fake.writes().map((r) => r.method)).toEqual(['PUT'])
    expect(fake.handlers.get('on_done')?.active).toBe(false)
  })

  it('--prune deletes only with --yes off a terminal, schedules before workflows', async () => {
    fake.addWorkflow(defs.workflow('orders', 1))
    fake.addWorkflow(defs.workflow('gone', 2))
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
    fake.addTaskDef(defs.task('old_task'))
    fake.addWorkflow(defs.workflow('old_flow', 1))
    fake.addSchedule(defs.schedule('old_schedule', 'old_flow'))
    fake.handlers.set('old_handler', handler('old_handler', 'old_flow'))
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
    expect(fake.taskDefs.has('old_task')).toBe(false)
    expect(fake.handlers.has('old_handler')).toBe(false)
  })

  it('a deletion the server refuses is reported failed with its message, exit 9', async () => {
    fake.addTaskDef(defs.task('t1'))
    fake.addTaskDef(defs.task('old_task'))
    fake.on('DELETE', '/api/metadata/taskdefs/old_task', {status: 500, body: {status: 500, message: 'in use'}})
    const dir = await tmp.write({'t1.json': defs.task('t1')})
    const {doc, exitCode} = await run(Apply, [dir, '--prune', '--yes', '--json'])
    expect(exitCode).toBe(9)
    expect((doc as PlanDoc).items.find((i) => i.name === 'old_task')).toMatchObject({result: 'failed'})
    expect((doc as PlanDoc).items.find((i) => i.name === 'old_task')?.error).toContain('in use')
  })

  it('a failed write is reported per object, exit 9', async () => {
    fake.on('POST', '/api/event', {status: 400, body: {status: 400, message: 'Missing event handler name'}})
    fake.addWorkflow(defs.workflow('orders', 1))
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
    fake.addTaskDef(defs.task('t1'))
    const dir = `${await tmp.write({'defs/t1.json': defs.task('t1', {retryCount: 2})})}/defs`
    const out = `${tmp.dir()}/plan.json`
    expect((await run(Plan, [dir, '--out', out])).exitCode).toBe(1)
    // someone changes t1 on the server after the plan was made
    fake.addTaskDef(defs.task('t1', {retryCount: 9}))
    const moved = await run(Apply, ['--plan', out, '--json'])
    expect(moved.exitCode).toBe(5)
    expect((moved.doc as PlanDoc).error?.message).toContain('the server changed since the plan was made: task t1')
    expect(fake.writes()).toEqual([])
    // planned again against the current server, it applies
    expect((await run(Plan, [dir, '--out', out])).exitCode).toBe(1)
    const ok = await run(Apply, ['--plan', out, '--json'])
    expect(ok.exitCode).toBe(0)
    expect(fake.taskDefs.get('t1')?.retryCount).toBe(2)
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
    const dir = await tmp.write({'bad.json': {name: 'w', tasks: [{type: 'SIMPLE'}]}, 't.json': defs.task('t1')})
    const {exitCode, stderr} = await run(Apply, [dir])
    expect(exitCode).toBe(3)
    expect(stderr).toContain('Nothing was planned')
    expect(fake.writes()).toEqual([])
  })
})
