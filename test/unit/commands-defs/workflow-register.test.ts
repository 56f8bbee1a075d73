import {describe, expect, it} from 'vitest'
import TaskRegister from '../../../src/commands/task/register.js'
import WorkflowRegister from '../../../src/commands/workflow/register.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {defs, error, fakeConductor, OK, served, tempDirs, type Doc} from './fake-conductor.js'

/** `workflow register` / `task register` in process; each test declares what the metadata API answers. */
const server = mockServer()
const fake = fakeConductor(server)
const tmp = tempDirs()
const register = (argv: string[], command = WorkflowRegister) =>
  runInProcess(command as unknown as CommandClass, argv, server)

type Row = {kind: string; name: string; version?: number; action: string; error?: string; warning?: string}

describe('workflow register', () => {
  it('sends task definitions and workflows, then a second run sends nothing', async () => {
    // first the server holds nothing; after the writes, it holds what was sent
    fake.on('GET', '/api/metadata/taskdefs', {body: []}, {body: [served.taskDef(defs.task('t1'))]})
    fake.on('GET', '/api/metadata/workflow', {body: []}, {body: [served.workflow(defs.workflow('orders', 1))]})
    fake.on('POST', '/api/metadata/taskdefs', OK)
    fake.on('PUT', '/api/metadata/workflow', {body: served.bulk(['orders'])})
    const dir = await tmp.write({
      'tasks/t1.json': defs.task('t1'),
      'workflows/orders.json': defs.workflow('orders', 1),
    })
    const first = await register([dir, '--json'])
    expect(first.exitCode).toBe(0)
    const rows = first.doc as Row[]
    expect(rows.map((r) => `${r.kind} ${r.name} ${r.action}`).sort()).toEqual([
      'task t1 created',
      'workflow orders created',
    ])
    const writes = fake.writes().map((r) => `${r.method} ${r.path}`)
    // task definitions first, then the workflows (bulk PUT)
    expect(writes).toEqual(['POST /api/metadata/taskdefs', 'PUT /api/metadata/workflow'])
    expect(fake.writes()[0]?.body).toEqual([defs.task('t1')])
    expect((fake.writes()[1]?.body as Doc[]).map((d) => [d.name, d.version, d.tasks])).toEqual([
      ['orders', 1, [{name: 't1', taskReferenceName: 't1', type: 'SIMPLE'}]],
    ])

    fake.requests.length = 0
    const second = await register([dir, '--json'])
    expect(second.exitCode).toBe(0)
    expect((second.doc as Row[]).every((r) => r.action === 'unchanged')).toBe(true)
    expect(fake.writes()).toEqual([])
  })

  it('sends a changed task definition with PUT and a changed workflow with the bulk PUT', async () => {
    fake.holds({taskDefs: [defs.task('t1')], workflows: [defs.workflow('orders', 1)]})
    fake.on('PUT', '/api/metadata/taskdefs', OK)
    fake.on('PUT', '/api/metadata/workflow', {body: served.bulk(['orders'])})
    const dir = await tmp.write({
      't1.json': defs.task('t1', {retryCount: 5}),
      'orders.json': defs.workflow('orders', 1, [defs.simple('t1')], {description: 'new'}),
    })
    const {doc, exitCode, stderr} = await register([dir, '--json'])
    expect(exitCode).toBe(0)
    expect((doc as Row[]).map((r) => r.action).sort()).toEqual(['updated', 'updated'])
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /api/metadata/taskdefs',
      'PUT /api/metadata/workflow',
    ])
    expect((fake.writes()[0]?.body as Doc).retryCount).toBe(5)
    expect((fake.writes()[1]?.body as Doc[])[0]).toMatchObject({name: 'orders', version: 1, description: 'new'})
    expect(stderr).toBe('')
  })

  it('--dry-run reports what would change and sends nothing', async () => {
    fake.holds({workflows: [defs.workflow('orders', 1)], taskDefs: []})
    const dir = await tmp.write({
      'a.json': defs.workflow('orders', 1, [defs.simple('t2')]),
      'b.json': defs.workflow('billing', 1),
    })
    const {doc, exitCode, stderr} = await register([dir, '--dry-run'])
    expect(exitCode).toBe(0)
    expect(doc).toBeUndefined()
    expect(stderr).toContain('1 would create, 1 would update (dry run: nothing was sent)')
    expect(fake.writes()).toEqual([])
    const json = await register([dir, '--dry-run', '--json'])
    expect((json.doc as Row[]).map((r) => `${r.name}:${r.action}`).sort()).toEqual([
      'billing:would create',
      'orders:would update',
    ])
  })

  it('an invalid file: nothing is sent, exit 3, the report under --json', async () => {
    const dir = await tmp.write({
      'good.json': defs.workflow('good', 1),
      'bad.json': {name: 'bad', tasks: [{name: 'x', type: 'SIMPLE'}]},
    })
    const {doc, exitCode} = await register([dir, '--json'])
    expect(exitCode).toBe(3)
    const report = doc as {summary: {errors: number}; problems: {file: string}[]; error: {kind: string}}
    expect(report.error.kind).toBe('invalid')
    expect(report.summary.errors).toBeGreaterThan(0)
    expect(report.problems.some((p) => p.file.endsWith('bad.json'))).toBe(true)
    expect(fake.requests).toEqual([])
  })

  it('an invalid file in text: the problem on stderr with file:line:col', async () => {
    const dir = await tmp.write({'bad.json': {name: 'bad', tasks: [{name: 'x', type: 'SIMPLE'}]}})
    const {exitCode, stderr} = await register([dir])
    expect(exitCode).toBe(3)
    expect(stderr).toMatch(/bad\.json:\d+:\d+/)
    expect(stderr).toContain('Nothing was registered')
  })

  it('an empty folder is an invalid input (exit 3), not a silent success', async () => {
    const {exitCode, doc} = await register([tmp.dir(), '--json'])
    expect(exitCode).toBe(3)
    expect((doc as {error: {message: string}}).error.message).toMatch(/No .*definitions/)
  })

  it('--bump registers a changed workflow as latest+1 with a create that the server refuses for an existing version', async () => {
    fake.holds({workflows: [defs.workflow('orders', 1), defs.workflow('orders', 2)], taskDefs: []})
    fake.on('POST', '/api/metadata/workflow', OK)
    // the create is read back
    fake.on('GET', '/api/metadata/workflow/orders?version=3', {
      body: served.workflow(defs.workflow('orders', 3, [defs.simple('t9')])),
    })
    const dir = await tmp.write({'orders.json': defs.workflow('orders', 1, [defs.simple('t9')])})
    const {doc, exitCode, stdout} = await register([dir, '--bump', '--json'])
    expect(exitCode).toBe(0)
    const [row] = doc as (Row & {previousVersion?: number})[]
    expect(row).toMatchObject({name: 'orders', version: 3, previousVersion: 2, action: 'created'})
    // a create (no overwrite), so the server refuses it if version 3 appeared meanwhile
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/metadata/workflow'])
    expect(fake.sent('GET', '/api/metadata/workflow/orders?version=3')).toHaveLength(1)
    expect(fake.writes()[0]?.query.get('overwrite')).not.toBe('true')
    expect(fake.writes()[0]?.body).toMatchObject({name: 'orders', version: 3, tasks: [defs.simple('t9')]})
    expect(stdout).toContain('"previousVersion": 2')
  })

  it('--bump: version 3 taken meanwhile (409) by other content: the latest is read again and version 4 created', async () => {
    const ours = defs.workflow('orders', 1, [defs.simple('t9')])
    fake.holds({workflows: [defs.workflow('orders', 1), defs.workflow('orders', 2)], taskDefs: []})
    fake.on('POST', '/api/metadata/workflow', error(409, 'Workflow with orders.3 already exists!'), OK)
    // another run's version 3 is now the latest
    fake.on('GET', '/api/metadata/workflow/orders?version=4', {body: served.workflow({...ours, version: 4})})
    fake.on('GET', '/api/metadata/workflow/orders', {body: served.workflow(defs.workflow('orders', 3))})
    const dir = await tmp.write({'orders.json': ours})
    const {doc, exitCode} = await register([dir, '--bump', '--json'])
    expect(exitCode).toBe(0)
    expect((doc as (Row & {previousVersion?: number})[])[0]).toMatchObject({
      version: 4,
      previousVersion: 3,
      action: 'created',
    })
    expect(fake.sent('POST', '/api/metadata/workflow').map((r) => (r.body as Doc).version)).toEqual([3, 4])
    expect(fake.requests.map((r) => `${r.method} ${r.path}${r.query.size > 0 ? `?${r.query}` : ''}`)).toEqual([
      'GET /api/metadata/workflow',
      'POST /api/metadata/workflow',
      'GET /api/metadata/workflow/orders',
      'POST /api/metadata/workflow',
      'GET /api/metadata/workflow/orders?version=4',
    ])
  })

  it('--bump: version 3 taken meanwhile (409) by the same content: unchanged, nothing more sent', async () => {
    const ours = defs.workflow('orders', 1, [defs.simple('t9')])
    fake.holds({workflows: [defs.workflow('orders', 1), defs.workflow('orders', 2)], taskDefs: []})
    fake.on('POST', '/api/metadata/workflow', error(409, 'Workflow with orders.3 already exists!'))
    fake.on('GET', '/api/metadata/workflow/orders', {body: served.workflow({...ours, version: 3})})
    const dir = await tmp.write({'orders.json': ours})
    const {doc, exitCode} = await register([dir, '--bump', '--json'])
    expect(exitCode).toBe(0)
    expect((doc as Row[])[0]).toMatchObject({name: 'orders', version: 3, action: 'unchanged'})
    expect(fake.writes()).toHaveLength(1)
  })

  it('--bump: a create accepted but overwritten by a concurrent one (read back differs): the next version', async () => {
    const ours = defs.workflow('orders', 1, [defs.simple('t9')])
    fake.holds({workflows: [defs.workflow('orders', 1)], taskDefs: []})
    fake.on('POST', '/api/metadata/workflow', OK)
    fake.on('GET', '/api/metadata/workflow/orders?version=2', {body: served.workflow(defs.workflow('orders', 2))})
    fake.on('GET', '/api/metadata/workflow/orders?version=3', {body: served.workflow({...ours, version: 3})})
    // the concurrent run's version 2 is the latest
    fake.on('GET', '/api/metadata/workflow/orders', {body: served.workflow(defs.workflow('orders', 2))})
    const dir = await tmp.write({'orders.json': ours})
    const {doc, exitCode} = await register([dir, '--bump', '--json'])
    expect(exitCode).toBe(0)
    expect((doc as Row[])[0]).toMatchObject({version: 3, action: 'created'})
    expect(fake.sent('POST', '/api/metadata/workflow').map((r) => (r.body as Doc).version)).toEqual([2, 3])
  })

  it('--bump leaves a workflow equal to the latest version alone', async () => {
    fake.holds({workflows: [defs.workflow('orders', 4)], taskDefs: []})
    const dir = await tmp.write({'orders.json': defs.workflow('orders', 1)})
    const {doc, exitCode} = await register([dir, '--bump', '--json'])
    expect(exitCode).toBe(0)
    expect((doc as Row[])[0]?.action).toBe('unchanged')
    expect(fake.writes()).toEqual([])
  })

  it('--version-policy fail-if-changed refuses (exit 5) and sends nothing when a version differs', async () => {
    fake.holds({workflows: [defs.workflow('orders', 1)], taskDefs: []})
    const dir = await tmp.write({'orders.json': defs.workflow('orders', 1, [defs.simple('other')])})
    const {doc, exitCode} = await register([dir, '--version-policy', 'fail-if-changed', '--json'])
    expect(exitCode).toBe(5)
    expect((doc as {error: {kind: string}}).error.kind).toBe('conflict')
    expect(fake.writes()).toEqual([])
  })

  it('writing an older version than the latest warns and names --bump', async () => {
    fake.holds({workflows: [defs.workflow('orders', 1), defs.workflow('orders', 2)], taskDefs: []})
    fake.on('PUT', '/api/metadata/workflow', {body: served.bulk(['orders'])})
    const dir = await tmp.write({'orders.json': defs.workflow('orders', 1, [defs.simple('changed')])})
    const text = await register([dir])
    expect(text.exitCode).toBe(0)
    expect(text.stderr).toMatch(/Warning: workflow orders: this targets version 1, but the latest is version 2/)
    expect(text.stdout).toMatch(/workflow\s+orders\s+1\s+updated/)
  })

  it('a batch the server refuses (400) is reported failed per definition, exit 9', async () => {
    fake.holds({workflows: [], taskDefs: []})
    fake.on('PUT', '/api/metadata/workflow', {
      status: 400,
      body: {
        status: 400,
        message: 'Validation failed, check below errors for detail.',
        validationErrors: [{path: 'updateWorkflowDef.arg0[0].tasks', message: 'tasks must not be empty'}],
      },
    })
    const dir = await tmp.write({
      'a.json': defs.workflow('a', 1),
      'b.json': defs.workflow('b', 1),
    })
    const {doc, exitCode} = await register([dir, '--json'])
    expect(exitCode).toBe(9)
    const rows = (doc as {result: Row[]; error: {kind: string}}).result
    expect((doc as {error: {kind: string}}).error.kind).toBe('partial')
    const a = rows.find((r) => r.name === 'a')
    const b = rows.find((r) => r.name === 'b')
    // item 0 is named by the server: it fails with its message; the rest is sent again (and refused again here)
    expect(a?.action).toBe('failed')
    expect(a?.error).toContain('tasks must not be empty')
    expect(b?.action).toBe('failed')
    const puts = fake.sent('PUT', '/api/metadata/workflow').map((r) => (r.body as Doc[]).map((d) => d.name))
    expect(puts).toEqual([['a', 'b'], ['b']])
  })

  it('a changed task definition the server refuses (PUT 404) fails alone; the rest is sent', async () => {
    fake.holds({taskDefs: [defs.task('t1')], workflows: []})
    fake.on('PUT', '/api/metadata/taskdefs', error(404, 'No such task by name t1'))
    fake.on('PUT', '/api/metadata/workflow', {body: served.bulk(['w'])})
    const dir = await tmp.write({'t1.json': defs.task('t1', {retryCount: 3}), 'w.json': defs.workflow('w', 1)})
    const {doc, exitCode} = await register([dir, '--json'])
    expect(exitCode).toBe(9)
    const rows = (doc as {result: Row[]}).result
    expect(rows.find((r) => r.name === 't1')).toMatchObject({
      action: 'failed',
      error: expect.stringContaining('No such task by name t1'),
    })
    expect(rows.find((r) => r.name === 'w')?.action).toBe('created')
    expect(fake.sent('PUT', '/api/metadata/workflow')).toHaveLength(1)
  })

  it('--bump: a create the server refuses is reported failed', async () => {
    fake.holds({workflows: [defs.workflow('orders', 1)], taskDefs: []})
    fake.on('POST', '/api/metadata/workflow', {
      status: 400,
      body: {
        status: 400,
        message: 'Validation failed, check below errors for detail.',
        validationErrors: [{path: 'registerWorkflowDef.arg0.ownerEmail', message: 'ownerEmail cannot be empty'}],
      },
    })
    const dir = await tmp.write({'orders.json': defs.workflow('orders', 1, [defs.simple('new')])})
    const {doc, exitCode} = await register([dir, '--bump', '--json'])
    expect(exitCode).toBe(9)
    expect((doc as {result: Row[]}).result[0]).toMatchObject({name: 'orders', action: 'failed'})
    expect((doc as {result: (Row & {error?: string})[]}).result[0]?.error).toContain('ownerEmail cannot be empty')
    expect(fake.sent('POST', '/api/metadata/workflow').map((r) => (r.body as Doc).version)).toEqual([2])
  })

  it('a 500 on the bulk write leaves the result unknown (may have been applied), exit 9', async () => {
    fake.holds({taskDefs: []})
    fake.on('POST', '/api/metadata/taskdefs', error(500, 'database is locked'))
    const dir = await tmp.write({'t.json': defs.task('t1')})
    const {doc, exitCode, stderr} = await register([dir])
    expect(exitCode).toBe(9)
    expect(doc).toBeUndefined()
    expect(stderr).toContain('1 unknown (may have been applied)')
    expect(stderr).toContain('run the same command again')
  })

  it('the server is reachable only through the flags: an unreachable one is a network error (7)', async () => {
    const dir = await tmp.write({'t.json': defs.task('t1')})
    const {exitCode, doc} = await runInProcess(TaskRegister as unknown as CommandClass, [
      dir,
      '--json',
      '--server',
      'http://127.0.0.1:8309/api',
      '--timeout',
      '2s',
    ])
    expect(exitCode).toBe(7)
    expect((doc as {error: {kind: string}}).error.kind).toBe('network')
  })
})

describe('task register', () => {
  it('registers only task definitions: a workflow in the same folder is not sent', async () => {
    fake.holds({taskDefs: []})
    fake.on('POST', '/api/metadata/taskdefs', OK)
    const dir = await tmp.write({'t.json': defs.task('t1'), 'w.json': defs.workflow('orders', 1)})
    const {doc, exitCode} = await register([dir, '--json'], TaskRegister)
    expect(exitCode).toBe(0)
    expect((doc as Row[]).map((r) => `${r.kind}:${r.name}:${r.action}`)).toEqual(['task:t1:created'])
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/metadata/taskdefs'])
    expect(fake.writes()[0]?.body).toEqual([defs.task('t1')])
    expect(fake.sent('GET', '/api/metadata/workflow')).toEqual([])
  })

  it('sends fields as written, less $schema and nulls', async () => {
    fake.holds({taskDefs: []})
    fake.on('POST', '/api/metadata/taskdefs', OK)
    const dir = await tmp.write({'t.json': {...defs.task('t1'), $schema: 'x', description: null}})
    const {exitCode} = await register([dir, '--json'], TaskRegister)
    expect(exitCode).toBe(0)
    const sent = (fake.writes()[0]?.body as Doc[])[0] as Doc
    expect(sent).not.toHaveProperty('$schema')
    expect(sent).not.toHaveProperty('description')
    expect(sent.name).toBe('t1')
  })
})
