import {readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import Export from '../../../src/commands/export.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {defs, error, fakeConductor, served, tempDirs, type Doc} from './fake-conductor.js'

const server = mockServer()
const fake = fakeConductor(server)
const tmp = tempDirs()
const run = (argv: string[]) => runInProcess(Export as unknown as CommandClass, argv, server)

type Report = {
  dir: string
  files: {file: string; action: string; reason?: string}[]
  summary: Record<string, number>
  error?: {kind: string}
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {recursive: true, withFileTypes: true})
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort()
}

const orders1 = defs.workflow('orders', 1)
const orders2 = defs.workflow('orders', 2, [defs.simple('t1'), defs.simple('t2', 't1')])
const handler = {
  name: 'on_done',
  event: 'conductor:orders:done',
  active: true,
  actions: [{action: 'start_workflow', start_workflow: {name: 'orders'}}],
}

/**
 * The server's lists: two versions of a workflow, a task, a schedule, an event handler. `taskDefs`:
 * the task definitions list each export in turn reads (the last one repeating).
 */
function seed(...taskDefs: Doc[][]) {
  fake.on('GET', '/api/metadata/workflow/latest-versions', {body: [served.workflow(orders2)]})
  fake.holds({workflows: [orders1, orders2], schedules: [defs.schedule('nightly', 'orders')], handlers: [handler]})
  const lists = taskDefs.length > 0 ? taskDefs : [[defs.task('t1')]]
  fake.on('GET', '/api/metadata/taskdefs', ...lists.map((list) => ({body: list.map(served.taskDef)})))
}

describe('export', () => {
  it('one file per definition, the latest workflow version, less the fields the server sets', async () => {
    seed()
    const dir = tmp.dir()
    const {doc, exitCode} = await run([dir, '--json'])
    expect(exitCode).toBe(0)
    const report = doc as Report
    expect(report.summary).toMatchObject({written: 4, created: 4, unchanged: 0})
    expect(await filesUnder(dir)).toEqual([
      '.conductor-export.json',
      'event-handlers/on_done.json',
      'schedules/nightly.json',
      'tasks/t1.json',
      'workflows/orders.v2.json',
    ])
    const workflow = JSON.parse(await readFile(join(dir, 'workflows/orders.v2.json'), 'utf8')) as Doc
    expect(workflow).not.toHaveProperty('createTime')
    expect(workflow).not.toHaveProperty('updateTime')
    expect(workflow.version).toBe(2)
    // keys sorted: a stable file
    expect(Object.keys(workflow)).toEqual([...Object.keys(workflow)].sort())
    const schedule = JSON.parse(await readFile(join(dir, 'schedules/nightly.json'), 'utf8')) as Doc
    expect(schedule).not.toHaveProperty('updatedTime')
    expect(fake.writes()).toEqual([])
  })

  it('a second export of an unchanged server writes nothing; a change rewrites only that file', async () => {
    seed([defs.task('t1')], [defs.task('t1')], [defs.task('t1', {retryCount: 8})])
    const dir = tmp.dir()
    await run([dir])
    const second = await run([dir, '--json'])
    expect((second.doc as Report).summary).toMatchObject({written: 0, unchanged: 4})
    const third = await run([dir])
    expect(third.exitCode).toBe(0)
    expect(third.stdout).toMatch(/updated\s+tasks\/t1\.json/)
    expect(third.stderr).toContain('1 written (0 new, 1 updated), 3 unchanged')
    expect(JSON.parse(await readFile(join(dir, 'tasks/t1.json'), 'utf8'))).toMatchObject({retryCount: 8})
  })

  it('--all-versions, --kind, --name and --format yaml select and shape the files', async () => {
    seed()
    const dir = tmp.dir()
    const {exitCode} = await run([dir, '--all-versions', '--kind', 'workflow', '--name', 'ORD*', '--format', 'yaml'])
    expect(exitCode).toBe(0)
    expect(await filesUnder(dir)).toEqual([
      '.conductor-export.json',
      'workflows/orders.v1.yaml',
      'workflows/orders.v2.yaml',
    ])
    expect(parseYaml(await readFile(join(dir, 'workflows/orders.v1.yaml'), 'utf8'))).toMatchObject({
      name: 'orders',
      version: 1,
    })
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/metadata/workflow'])
  })

  it('a definition gone from the server is stale and kept; --prune removes what export wrote; --dry-run changes nothing', async () => {
    // the task definition is gone from the second read on
    seed([defs.task('t1')], [])
    const dir = tmp.dir()
    await run([dir])
    const stale = await run([dir, '--json'])
    expect((stale.doc as Report).files).toContainEqual(
      expect.objectContaining({file: 'tasks/t1.json', action: 'stale'}),
    )
    const dry = await run([dir, '--prune', '--dry-run'])
    expect(dry.stdout).toMatch(/would remove\s+tasks\/t1\.json/)
    expect(dry.stderr).toContain('(dry run: no file was changed)')
    expect(await filesUnder(dir)).toContain('tasks/t1.json')
    const pruned = await run([dir, '--prune', '--json'])
    expect((pruned.doc as Report).summary.pruned).toBe(1)
    expect(await filesUnder(dir)).not.toContain('tasks/t1.json')
  })

  it('--prune keeps a file someone edited since export wrote it', async () => {
    seed([defs.task('t1')], [])
    const dir = tmp.dir()
    await run([dir, '--kind', 'task'])
    await writeFile(join(dir, 'tasks/t1.json'), JSON.stringify({name: 't1', retryCount: 99}))
    const {doc, stderr} = await run([dir, '--kind', 'task', '--prune'])
    expect(doc).toBeUndefined()
    expect(stderr).toContain('1 not on the server but kept')
    expect(await filesUnder(dir)).toContain('tasks/t1.json')
  })

  it('a server failure is exit 6 and writes nothing', async () => {
    fake.on('GET', '/api/metadata/taskdefs', error(500, 'boom'))
    seed()
    const dir = tmp.dir()
    const {doc, exitCode} = await run([dir, '--json'])
    expect(exitCode).toBe(6)
    expect((doc as Report).error?.kind).toBe('server')
    expect(await filesUnder(dir)).toEqual([])
  })
})
