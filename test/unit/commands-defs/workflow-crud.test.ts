import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import SchemaPrint from '../../../src/commands/schema/print.js'
import WorkflowCreate from '../../../src/commands/workflow/create.js'
import WorkflowDelete from '../../../src/commands/workflow/delete.js'
import WorkflowGetAll from '../../../src/commands/workflow/get-all.js'
import WorkflowGet from '../../../src/commands/workflow/get.js'
import WorkflowGraph from '../../../src/commands/workflow/graph.js'
import WorkflowList from '../../../src/commands/workflow/list.js'
import WorkflowUpdate from '../../../src/commands/workflow/update.js'
import WorkflowVersions from '../../../src/commands/workflow/versions.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {defs, error, fakeConductor, NOW, OK, served, tempDirs, withStdin, type Doc} from './fake-conductor.js'

const server = mockServer()
const fake = fakeConductor(server)
const tmp = tempDirs()
const run = (command: unknown, argv: string[]) => runInProcess(command as CommandClass, argv, server)
type Failure = {error: {kind: string; exitCode: number; message: string; hint?: string}}
const noWorkflow = (name: string, version: number | null) =>
  error(404, `No such workflow found by name: ${name}, version: ${version}`)
const w = defs.workflow

describe('workflow get', () => {
  it('prints the latest version, or the one asked for, as JSON or YAML', async () => {
    fake.on('GET', '/api/metadata/workflow/orders?version=1', {body: served.workflow(w('orders', 1))})
    fake.on('GET', '/api/metadata/workflow/orders', {body: served.workflow(w('orders', 2, [defs.simple('t2')]))})
    const latest = await run(WorkflowGet, ['orders'])
    expect(latest.exitCode).toBe(0)
    expect((latest.doc as Doc).version).toBe(2)
    expect(fake.requests[0]?.query.has('version')).toBe(false)
    const one = await run(WorkflowGet, ['orders', '1', '-o', 'yaml'])
    expect(one.exitCode).toBe(0)
    expect(parseYaml(one.stdout)).toMatchObject({name: 'orders', version: 1})
    expect(fake.requests.at(-1)?.query.get('version')).toBe('1')
    const flag = await run(WorkflowGet, ['orders', '--version', '1', '--json'])
    expect((flag.doc as Doc).version).toBe(1)
  })

  it('two different versions (argument and flag) are a usage error; nothing is asked', async () => {
    const {doc, exitCode} = await run(WorkflowGet, ['orders', '1', '--version', '2', '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Failure).error.message).toContain('Two different versions')
    expect(fake.requests).toEqual([])
  })

  it('a missing version is not found (4) with a hint', async () => {
    fake.on('GET', '/api/metadata/workflow/orders?version=7', noWorkflow('orders', 7))
    const {doc, exitCode} = await run(WorkflowGet, ['orders', '--version', '7', '--json'])
    expect(exitCode).toBe(4)
    expect((doc as Failure).error.message).toBe('Workflow definition orders version 7 does not exist')
  })
})

describe('workflow list', () => {
  it('latest versions by default, every version with --all-versions, filtered by --name', async () => {
    const orders2 = w('orders', 2, [defs.simple('a'), defs.simple('b')], {description: 'Orders'})
    fake.on('GET', '/api/metadata/workflow/latest-versions', {
      body: [served.workflow(w('billing', 1)), served.workflow(orders2)],
    })
    fake.holds({workflows: [w('billing', 1), w('orders', 1), orders2]})
    const latest = await run(WorkflowList, ['--json'])
    expect(latest.exitCode).toBe(0)
    expect((latest.doc as Doc[]).map((r) => `${r.name}:${r.version}:${r.tasks}`)).toEqual(['billing:1:1', 'orders:2:2'])
    expect(fake.requests[0]?.path).toBe('/api/metadata/workflow/latest-versions')
    const all = await run(WorkflowList, ['--all-versions', '--name', 'ORD*', '--json'])
    expect((all.doc as Doc[]).map((r) => `${r.name}:${r.version}`)).toEqual(['orders:1', 'orders:2'])
    expect(fake.requests[1]?.path).toBe('/api/metadata/workflow')
  })

  it("--csv prints the Go CLI's NAME,VERSION,DESCRIPTION for every version", async () => {
    fake.holds({workflows: [w('orders', 1, undefined, {description: 'first, with a comma'}), w('orders', 2)]})
    const {stdout, exitCode} = await run(WorkflowList, ['--csv'])
    expect(exitCode).toBe(0)
    expect(stdout.trim().split('\n')).toEqual([
      'NAME,VERSION,DESCRIPTION',
      'orders,1,"first, with a comma"',
      'orders,2,',
    ])
  })
})

describe('workflow get-all', () => {
  it('every version of every definition as one JSON array, filtered by an unanchored regex', async () => {
    fake.holds({workflows: [w('billing', 1), w('orders', 1), w('orders', 2)]})
    const all = await run(WorkflowGetAll, [])
    expect(all.exitCode).toBe(0)
    expect((all.doc as Doc[]).map((d) => `${d.name}:${d.version}`)).toEqual(['billing:1', 'orders:1', 'orders:2'])
    const some = await run(WorkflowGetAll, ['der'])
    expect((some.doc as Doc[]).map((d) => d.version)).toEqual([1, 2])
    const bad = await run(WorkflowGetAll, ['[', '--json'])
    expect(bad.exitCode).toBe(2)
    expect((bad.doc as Failure).error.message).toMatch(/^Invalid regular expression \[/)
  })
})

describe('workflow list and versions tables', () => {
  it('list: a table of name, version, tasks, updated, description', async () => {
    fake.on('GET', '/api/metadata/workflow/latest-versions', {
      body: [served.workflow(w('orders', 2, [defs.simple('a'), defs.simple('b')], {description: 'Takes orders'}))],
    })
    const {stdout, exitCode} = await run(WorkflowList, [])
    expect(exitCode).toBe(0)
    expect(stdout).toMatch(/^NAME\s+VERSION\s+TASKS\s+UPDATED\s+DESCRIPTION/)
    expect(stdout).toMatch(/orders\s+2\s+2\s+\d{4}-\d\d-\d\dT[\d:]+Z\s+Takes orders/)
  })

  it('versions: a table with the latest marked', async () => {
    fake.on('GET', '/api/metadata/workflow/orders/versions', {body: served.versions('orders', [1, 2])})
    fake.on('GET', '/api/metadata/workflow/orders?version=1', {body: served.workflow(w('orders', 1))})
    fake.on('GET', '/api/metadata/workflow/orders?version=2', {body: served.workflow(w('orders', 2))})
    const {stdout} = await run(WorkflowVersions, ['orders'])
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^VERSION\s+LATEST\s+CREATED\s+UPDATED/)
    expect(lines[1]).toMatch(/^1\s+\d{4}-/)
    expect(lines[2]).toMatch(/^2\s+yes\s+\d{4}-/)
  })
})

describe('workflow versions', () => {
  it('lists each version with the times read from its definition, the latest marked', async () => {
    fake.on('GET', '/api/metadata/workflow/orders/versions', {body: served.versions('orders', [1, 2])})
    fake.on('GET', '/api/metadata/workflow/orders?version=1', {body: served.workflow(w('orders', 1))})
    fake.on('GET', '/api/metadata/workflow/orders?version=2', {body: served.workflow(w('orders', 2))})
    const {doc, exitCode} = await run(WorkflowVersions, ['orders', '--json'])
    expect(exitCode).toBe(0)
    const rows = doc as {version: number; latest: boolean; created: string}[]
    expect(rows.map((r) => [r.version, r.latest])).toEqual([
      [1, false],
      [2, true],
    ])
    // the versions list has createTime 0: each definition was read for its times
    expect(rows[0]?.created).toBe(new Date(NOW).toISOString().replace('.000Z', 'Z'))
    expect(fake.requests.map((r) => r.query.get('version'))).toEqual([null, '1', '2'])
  })

  it('an unknown name (the server answers []) is not found', async () => {
    fake.on('GET', '/api/metadata/workflow/nosuch/versions', {body: []})
    const {doc, exitCode} = await run(WorkflowVersions, ['nosuch', '--json'])
    expect(exitCode).toBe(4)
    expect((doc as Failure).error.kind).toBe('notFound')
  })
})

describe('workflow delete', () => {
  it('deletes one version with --yes, warning when it is the latest', async () => {
    fake.on('GET', '/api/metadata/workflow/orders/versions', {body: served.versions('orders', [1, 2])})
    fake.on('DELETE', '/api/metadata/workflow/orders/2', OK)
    const {doc, exitCode} = await run(WorkflowDelete, ['orders', '2', '--yes', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toEqual({
      name: 'orders',
      version: 2,
      wasLatest: true,
      newLatest: 1,
      warnings: ['orders version 2 is the latest; version 1 becomes the latest.'],
    })
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /api/metadata/workflow/orders/2'])
  })

  it('without --yes and without a terminal it refuses (2) and deletes nothing', async () => {
    fake.on('GET', '/api/metadata/workflow/orders/versions', {body: served.versions('orders', [1])})
    const {stderr, exitCode} = await run(WorkflowDelete, ['orders', '--version', '1'])
    expect(exitCode).toBe(2)
    expect(stderr).toContain('needs --yes')
    expect(fake.writes()).toEqual([])
  })

  it('a version that does not exist: not found (4), the existing ones in the hint', async () => {
    fake.on('GET', '/api/metadata/workflow/orders/versions', {body: served.versions('orders', [1, 3])})
    const {doc, exitCode} = await run(WorkflowDelete, ['orders', '2', '--yes', '--json'])
    expect(exitCode).toBe(4)
    expect((doc as Failure).error.hint).toBe('Existing versions: 1, 3')
    expect(fake.writes()).toEqual([])
  })

  it('no version, or two different ones: usage errors', async () => {
    const none = await run(WorkflowDelete, ['orders', '--json'])
    expect(none.exitCode).toBe(2)
    expect((none.doc as Failure).error.message).toBe('Missing the version to delete')
    const two = await run(WorkflowDelete, ['orders', '1', '--version', '2', '--json'])
    expect(two.exitCode).toBe(2)
  })

  it('reads "NAME VERSION" lines from stdin (the Go CLI form) and deletes each', async () => {
    fake.on('GET', '/api/metadata/workflow/a/versions', {body: served.versions('a', [1])})
    fake.on('GET', '/api/metadata/workflow/b/versions', {body: served.versions('b', [1, 2])})
    fake.on('DELETE', '/api/metadata/workflow/a/1', OK)
    fake.on('DELETE', '/api/metadata/workflow/b/2', OK)
    const {stdout, exitCode} = await withStdin('a 1\nb 2\n', () => run(WorkflowDelete, []))
    expect(exitCode).toBe(0)
    expect(stdout).toContain("Workflow 'a' version 1 deleted successfully")
    expect(stdout).toContain("Workflow 'b' version 2 deleted successfully")
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'DELETE /api/metadata/workflow/a/1',
      'DELETE /api/metadata/workflow/b/2',
    ])
  })

  it('stdin: a malformed line deletes nothing (usage error)', async () => {
    const {exitCode, stderr} = await withStdin('a 1\nb two\n', () => run(WorkflowDelete, []))
    expect(exitCode).toBe(2)
    expect(stderr).toContain('expected NAME VERSION')
    expect(fake.writes()).toEqual([])
  })
})

describe('workflow create / update (the Go CLI commands)', () => {
  it('create registers a new definition and prints the Go CLI line', async () => {
    fake.holds({workflows: [w('orders', 1)]})
    fake.on('PUT', '/api/metadata/workflow', {body: served.bulk(['orders'])})
    const dir = await tmp.write({'w.json': w('orders', 3)})
    const {stdout, exitCode} = await run(WorkflowCreate, [`${dir}/w.json`])
    expect(exitCode).toBe(0)
    expect(stdout.trim()).toBe("Workflow 'orders' version 3 registered successfully")
    expect(fake.writes().map((r) => [r.method, r.path, r.body])).toEqual([
      ['PUT', '/api/metadata/workflow', [w('orders', 3)]],
    ])
  })

  it('create refuses a different copy of an existing version (5) unless --force', async () => {
    fake.holds({workflows: [w('orders', 1)]})
    fake.on('PUT', '/api/metadata/workflow', {body: served.bulk(['orders'])})
    const dir = await tmp.write({'w.json': w('orders', 1, [defs.simple('other')])})
    const refused = await run(WorkflowCreate, [`${dir}/w.json`, '--json'])
    expect(refused.exitCode).toBe(5)
    expect((refused.doc as Failure).error.hint).toBe('Add --force to overwrite it.')
    expect(fake.writes()).toEqual([])
    const forced = await run(WorkflowCreate, [`${dir}/w.json`, '--force'])
    expect(forced.exitCode).toBe(0)
    expect(fake.writes()).toHaveLength(1)
    const [write] = fake.writes()
    expect(`${write?.method} ${write?.path}`).toBe('PUT /api/metadata/workflow')
    expect(write?.body).toEqual([w('orders', 1, [defs.simple('other')])])
  })

  it('create reads stdin when no file is given', async () => {
    fake.holds({workflows: []})
    fake.on('PUT', '/api/metadata/workflow', {body: served.bulk(['piped'])})
    const {exitCode} = await withStdin(JSON.stringify(w('piped', 1)), () => run(WorkflowCreate, []))
    expect(exitCode).toBe(0)
    expect(fake.writes().map((r) => r.body)).toEqual([[w('piped', 1)]])
  })

  it('--js is refused as unsupported', async () => {
    const {exitCode, doc} = await run(WorkflowCreate, ['x.js', '--js', '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Failure).error.message).toContain('--js')
  })

  it('update overwrites, prints nothing on stdout and says what happened on stderr', async () => {
    fake.holds({workflows: [w('orders', 1)]})
    fake.on('PUT', '/api/metadata/workflow', {body: served.bulk(['orders'])})
    const dir = await tmp.write({
      'w.yaml':
        'name: orders\nversion: 1\nschemaVersion: 2\ntasks:\n  - {name: z, taskReferenceName: z, type: SIMPLE}\n',
    })
    const {stdout, stderr, exitCode} = await run(WorkflowUpdate, [`${dir}/w.yaml`])
    expect(exitCode).toBe(0)
    expect(stdout).toBe('')
    expect(stderr).toContain("Workflow 'orders' version 1 updated")
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /api/metadata/workflow'])
    expect(fake.writes()[0]?.body).toEqual([
      {name: 'orders', version: 1, schemaVersion: 2, tasks: [{name: 'z', taskReferenceName: 'z', type: 'SIMPLE'}]},
    ])
  })

  it('the server refusing the write: exit 9 with its message', async () => {
    fake.on('PUT', '/api/metadata/workflow', {
      status: 400,
      body: {status: 400, message: 'Validation failed, check below errors for detail.', validationErrors: []},
    })
    fake.holds({workflows: []})
    const dir = await tmp.write({'w.json': w('orders', 1)})
    const {doc, exitCode} = await run(WorkflowUpdate, [`${dir}/w.json`, '--json'])
    expect(exitCode).toBe(9)
    expect((doc as Failure).error.message).toContain('orders: ')
  })
})

describe('workflow graph', () => {
  const flow = defs.workflow('flow', 2, [
    defs.simple('start'),
    {
      name: 'route',
      taskReferenceName: 'route',
      type: 'SWITCH',
      evaluatorType: 'value-param',
      expression: 'kind',
      inputParameters: {kind: '${workflow.input.kind}'},
      decisionCases: {a: [defs.simple('a_task')]},
      defaultCase: [defs.simple('other_task')],
    },
  ])

  it('draws a server definition as Mermaid', async () => {
    fake.on('GET', '/api/metadata/workflow/flow', {body: served.workflow(flow)})
    const {stdout, exitCode} = await run(WorkflowGraph, ['flow', '-o', 'mermaid'])
    expect(exitCode).toBe(0)
    expect(stdout).toMatch(/^(flowchart|graph) /)
    expect(stdout).toContain('a_task')
    expect(stdout).toContain('other_task')
  })

  it('draws a file as dot; --json carries the graph and its source', async () => {
    const dir = await tmp.write({'flow.json': flow})
    const {doc, exitCode} = await run(WorkflowGraph, [`${dir}/flow.json`, '--format', 'dot', '--json'])
    expect(exitCode).toBe(0)
    const result = doc as {name: string; version: number; source: string; format: string; graph: string}
    expect(result).toMatchObject({name: 'flow', version: 2, source: `${dir}/flow.json`, format: 'dot'})
    expect(result.graph).toMatch(/^digraph /)
    expect(fake.requests).toEqual([])
  })

  it('a file with two workflows, --version with a file, a missing name: each refused', async () => {
    const dir = await tmp.write({'two.json': [defs.workflow('a'), defs.workflow('b')], 'one.json': flow})
    const two = await run(WorkflowGraph, [`${dir}/two.json`, '--json'])
    expect(two.exitCode).toBe(2)
    expect((two.doc as Failure).error.message).toContain('holds 2 workflow definitions (a, b)')
    const version = await run(WorkflowGraph, [`${dir}/one.json`, '--version', '1', '--json'])
    expect(version.exitCode).toBe(2)
    fake.on('GET', '/api/metadata/workflow/nosuch', noWorkflow('nosuch', null))
    const missing = await run(WorkflowGraph, ['nosuch', '--json'])
    expect(missing.exitCode).toBe(4)
  })

  it('an invalid file is refused with its position', async () => {
    const dir = await tmp.write({'bad.json': '{"name": "x", "tasks": [}'})
    const {doc, exitCode} = await run(WorkflowGraph, [`${dir}/bad.json`, '--json'])
    expect(exitCode).toBe(3)
    expect((doc as Failure).error.message).toMatch(/bad\.json:\d+:\d+/)
  })
})

describe('schema print', () => {
  it('prints the workflow and task JSON Schemas', async () => {
    const workflow = await runInProcess(SchemaPrint as unknown as CommandClass, ['workflow'])
    expect(workflow.exitCode).toBe(0)
    const schema = workflow.doc as {$schema?: string; properties?: Record<string, unknown>}
    expect(schema.properties).toHaveProperty('tasks')
    const task = await runInProcess(SchemaPrint as unknown as CommandClass, ['task', '--json'])
    expect((task.doc as {properties?: Record<string, unknown>}).properties).toHaveProperty('retryCount')
    const bad = await runInProcess(SchemaPrint as unknown as CommandClass, ['nosuch'])
    expect(bad.exitCode).toBe(2)
  })
})
