import {describe, expect, it, vi} from 'vitest'
import TaskDiff from '../../../src/commands/task/diff.js'
import TaskValidate from '../../../src/commands/task/validate.js'
import WorkflowDiff from '../../../src/commands/workflow/diff.js'
import WorkflowValidate from '../../../src/commands/workflow/validate.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {defs, error, fakeConductor, tempDirs, withStdin, type Doc, type Holdings} from './fake-conductor.js'

const server = mockServer()
const fake = fakeConductor(server)
const tmp = tempDirs()
const run = (command: unknown, argv: string[], withServer = true) =>
  runInProcess(command as CommandClass, argv, withServer ? server : undefined)

/** What the server holds: every list a diff may read (empty unless given). */
const holds = (state: Holdings) => fake.holds({workflows: [], taskDefs: [], ...state})

type Report = {
  summary: {files: number; definitions: number; errors: number; warnings: number}
  problems: {file: string; line: number; severity: string; message: string; path?: string}[]
  definitions: {kind: string; name: string}[]
  error?: {kind: string; exitCode: number; message: string}
}

describe('workflow validate (offline)', () => {
  it('a valid folder: exit 0, the report under --json, no request sent', async () => {
    const dir = await tmp.write({'w.json': defs.workflow('orders'), 't.yaml': 'name: t1\nretryCount: 1\n'})
    const {doc, exitCode} = await run(WorkflowValidate, [dir, '--json'], false)
    expect(exitCode).toBe(0)
    const report = doc as Report
    expect(report.summary).toEqual({files: 2, definitions: 2, errors: 0, warnings: report.summary.warnings})
    expect(report.definitions.map((d) => `${d.kind}:${d.name}`).sort()).toEqual(['task:t1', 'workflow:orders'])
    expect(report.error).toBeUndefined()
  })

  it('an error: exit 3, one shape with the error beside the report; text names file:line:col', async () => {
    const dir = await tmp.write({'bad.json': {name: 'bad', tasks: [{name: 'x', type: 'SIMPLE'}]}})
    const json = await run(WorkflowValidate, [dir, '--json'], false)
    expect(json.exitCode).toBe(3)
    const report = json.doc as Report
    expect(report.error?.kind).toBe('invalid')
    expect(report.error?.message).toMatch(/^\d+ errors? in 1 file$/)
    expect(report.problems[0]?.file).toContain('bad.json')
    const text = await run(WorkflowValidate, [dir], false)
    expect(text.exitCode).toBe(3)
    expect(text.stdout).toMatch(/bad\.json:\d+:\d+/)
    expect(text.stderr).toMatch(/Error: \d+ errors? in 1 file/)
  })

  it('--format github prints workflow-command annotations', async () => {
    const dir = await tmp.write({'bad.json': {name: 'bad', tasks: [{name: 'x', type: 'SIMPLE'}]}})
    const {stdout, exitCode} = await run(WorkflowValidate, [dir, '--format', 'github'], false)
    expect(exitCode).toBe(3)
    expect(stdout).toMatch(/^::error file=.*bad\.json,line=\d+,col=\d+/m)
  })

  it('--strict fails on warnings and says so', async () => {
    // a task type the server does not know is a warning (the server may have plugins)
    const warned = defs.workflow('w', 1, [{name: 'x', taskReferenceName: 'x', type: 'MY_PLUGIN_TASK'}])
    const dir = await tmp.write({'w.json': warned})
    const relaxed = await run(WorkflowValidate, [dir, '--json'], false)
    const warnings = (relaxed.doc as Report).summary.warnings
    expect(relaxed.exitCode).toBe(0)
    expect(warnings).toBeGreaterThan(0)
    const strict = await run(WorkflowValidate, [dir, '--strict', '--json'], false)
    expect(strict.exitCode).toBe(3)
    expect((strict.doc as Report).error?.message).toContain('(--strict)')
  })

  it('reads a definition from stdin with -', async () => {
    const {doc, exitCode} = await withStdin(JSON.stringify(defs.workflow('piped')), () =>
      run(WorkflowValidate, ['-', '--json'], false),
    )
    expect(exitCode).toBe(0)
    expect((doc as Report).definitions).toEqual([expect.objectContaining({kind: 'workflow', name: 'piped'})])
  })

  it('task validate checks only task definitions', async () => {
    const dir = await tmp.write({'w.json': defs.workflow('orders'), 't.json': defs.task('t1')})
    const {doc, exitCode} = await run(TaskValidate, [dir, '--json'], false)
    expect(exitCode).toBe(0)
    expect((doc as Report).definitions.map((d) => d.kind)).toEqual(['task'])
  })

  it('task validate: a negative retryCount is an error', async () => {
    const dir = await tmp.write({'t.json': defs.task('t1', {retryCount: -1})})
    const {doc, exitCode} = await run(TaskValidate, [dir, '--json'], false)
    expect(exitCode).toBe(3)
    expect((doc as Report).problems.some((p) => p.severity === 'error')).toBe(true)
  })
})

type DiffResult = {
  differences: number
  entries: {kind: string; name: string; status: string; changedPaths: string[]; file?: string}[]
  error?: {kind: string; exitCode: number}
}

describe('workflow diff', () => {
  it('equal after normalisation (server defaults and audit fields): exit 0', async () => {
    // what the server returns for what we sent: defaults filled in, audit fields added
    holds({
      workflows: [
        {
          ...defs.workflow('orders'),
          tasks: [{...defs.simple('t1'), inputParameters: {}, optional: false, startDelay: 0}],
          restartable: true,
          timeoutPolicy: 'ALERT_ONLY',
          timeoutSeconds: 0,
          inputParameters: [],
        },
      ],
    })
    const dir = await tmp.write({'w.json': defs.workflow('orders')})
    const {doc, exitCode, stderr} = await run(WorkflowDiff, [dir, '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toMatchObject({differences: 0, entries: [{kind: 'workflow', name: 'orders', status: 'unchanged'}]})
    expect(stderr).toBe('')
    expect(fake.writes()).toEqual([])
  })

  it('new and changed: exit 1 (differences), the changed JSON paths, the same shape under --json', async () => {
    holds({workflows: [defs.workflow('orders')]})
    const dir = await tmp.write({
      'orders.json': defs.workflow('orders', 1, [defs.simple('t1')], {description: 'changed'}),
      'billing.json': defs.workflow('billing'),
    })
    const {doc, exitCode} = await run(WorkflowDiff, [dir, '--json'])
    expect(exitCode).toBe(1)
    const result = doc as DiffResult
    expect(result.error?.kind).toBe('differences')
    expect(result.differences).toBe(2)
    const byName = Object.fromEntries(result.entries.map((e) => [e.name, e]))
    expect(byName.billing?.status).toBe('new')
    expect(byName.orders?.status).toBe('changed')
    expect(byName.orders?.changedPaths).toContain('$.description')
  })

  it('text: a unified diff per changed definition, --name-only without it, a count on stderr', async () => {
    holds({workflows: [defs.workflow('orders')]})
    const dir = await tmp.write({
      'orders.json': defs.workflow('orders', 1, [defs.simple('t1')], {description: 'changed'}),
    })
    const full = await run(WorkflowDiff, [dir])
    expect(full.exitCode).toBe(1)
    expect(full.stdout).toContain('changed:        workflow orders v1')
    expect(full.stdout).toMatch(/^\+.*"description": "changed"/m)
    expect(full.stderr).toContain('0 new, 1 changed, 0 unchanged')
    const short = await run(WorkflowDiff, [dir, '--name-only'])
    expect(short.stdout).toContain('    $.description')
    expect(short.stdout).not.toMatch(/^\+/m)
  })

  it('--all lists definitions only on the server', async () => {
    holds({workflows: [defs.workflow('orders'), defs.workflow('legacy', 3)]})
    const dir = await tmp.write({'orders.json': defs.workflow('orders')})
    const {doc, exitCode} = await run(WorkflowDiff, [dir, '--all', '--json'])
    expect(exitCode).toBe(1)
    expect((doc as DiffResult).entries).toContainEqual(
      expect.objectContaining({name: 'legacy', status: 'only-on-server'}),
    )
    const text = await run(WorkflowDiff, [dir, '--all'])
    expect(text.stdout).toContain('only on server: workflow legacy v3')
    expect(text.stderr).toContain('1 only on server')
  })

  it('an invalid file is refused before comparing (exit 3) with the first problem', async () => {
    const dir = await tmp.write({'bad.json': '{"name": "x", '})
    const {doc, exitCode} = await run(WorkflowDiff, [dir, '--json'])
    expect(exitCode).toBe(3)
    expect((doc as DiffResult & {error: {message: string}}).error.message).toMatch(/bad\.json:\d+:\d+/)
  })

  it('a server error while reading the definitions is exit 6', async () => {
    fake.on('GET', '/api/metadata/workflow', error(500, 'boom'))
    holds({})
    const dir = await tmp.write({'orders.json': defs.workflow('orders')})
    const {doc, exitCode} = await run(WorkflowDiff, [dir, '--json'])
    expect(exitCode).toBe(6)
    expect((doc as DiffResult).error?.kind).toBe('server')
  })

  it('task diff compares task definitions only', async () => {
    holds({taskDefs: [defs.task('t1')]})
    const dir = await tmp.write({'t1.json': defs.task('t1', {retryCount: 9}), 'w.json': defs.workflow('w')})
    const {doc, exitCode} = await run(TaskDiff, [dir, '--json'])
    expect(exitCode).toBe(1)
    expect((doc as DiffResult).entries).toEqual([
      expect.objectContaining({kind: 'task', name: 't1', status: 'changed', changedPaths: ['$.retryCount']}),
    ])
    // only the task definitions were read
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/metadata/taskdefs'])
  })
})

describe('workflow diff rendering', () => {
  it('a YAML file is diffed in YAML', async () => {
    holds({workflows: [defs.workflow('orders')]})
    const dir = await tmp.write({
      'orders.yaml':
        'name: orders\nversion: 1\nschemaVersion: 2\nownerEmail: team@example.com\ndescription: yaml\ntasks:\n  - {name: t1, taskReferenceName: t1, type: SIMPLE}\n',
    })
    const {stdout, exitCode} = await run(WorkflowDiff, [dir])
    expect(exitCode).toBe(1)
    expect(stdout).toMatch(/^\+description: yaml$/m)
    expect(stdout).toMatch(/^--- server: orders v1$/m)
  })

  it('on a terminal the diff is coloured, unless NO_COLOR is set', async () => {
    holds({taskDefs: [defs.task('t1')]})
    const dir = await tmp.write({'t1.json': defs.task('t1', {retryCount: 2})})
    const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY')
    Object.defineProperty(process.stdout, 'isTTY', {value: true, configurable: true})
    try {
      vi.stubEnv('NO_COLOR', undefined)
      const coloured = await run(TaskDiff, [dir])
      expect(coloured.stdout).toContain('\u001B[32m+  "retryCount": 2,\u001B[0m')
      expect(coloured.stdout).toContain('\u001B[31m-  "retryCount": 1,\u001B[0m')
      vi.stubEnv('NO_COLOR', '1')
      const plain = await run(TaskDiff, [dir])
      expect(plain.stdout).not.toContain('\u001B[')
    } finally {
      vi.unstubAllEnvs()
      if (tty) Object.defineProperty(process.stdout, 'isTTY', tty)
      else delete (process.stdout as {isTTY?: boolean}).isTTY
    }
  })
})

describe('workflow diff: what the server does to a definition is not a difference (reference §3.5)', () => {
  const fork = defs.workflow('forked', 1, [
    {name: 'f', taskReferenceName: 'f', type: 'FORK_JOIN', forkTasks: [[defs.simple('a')], [defs.simple('b')]]},
    {name: 'j', taskReferenceName: 'j', type: 'JOIN', joinOn: ['a', 'b']},
  ])

  it('fork branches (lists of lists) compared item by item: equal, and one changed task is a difference', async () => {
    holds({workflows: [fork]})
    const dir = await tmp.write({'f.json': fork})
    const same = await run(WorkflowDiff, [dir, '--json'])
    expect(same.exitCode).toBe(0)
    const changed = structuredClone(fork) as {tasks: {forkTasks?: {name: string}[][]}[]}
    changed.tasks[0]!.forkTasks![1]![0]!.name = 'b2'
    await tmp.write({'f.json': changed})
    const differs = await run(WorkflowDiff, [dir, '--json'])
    expect(differs.exitCode).toBe(1)
    expect((differs.doc as DiffResult).entries[0]?.changedPaths).toEqual(['$.tasks[0].forkTasks[1][0].name'])
  })

  it("an inline sub-workflow: the server names the task's subWorkflowParam after the inner definition", async () => {
    const inline = (outerName: string) =>
      defs.workflow('parent', 1, [
        {
          name: 'sub',
          taskReferenceName: 'sub',
          type: 'SUB_WORKFLOW',
          subWorkflowParam: {name: outerName, workflowDefinition: defs.workflow('inner', 1)},
        },
      ])
    holds({
      workflows: [
        {
          ...inline('inner'),
          tasks: [
            {
              ...(inline('inner').tasks as Doc[])[0],
              subWorkflowParam: {
                name: 'inner',
                version: 1,
                workflowDefinition: {...defs.workflow('inner', 1), createTime: 5},
              },
            },
          ],
        },
      ],
    })
    const dir = await tmp.write({'p.json': inline('whatever')})
    const {doc, exitCode} = await run(WorkflowDiff, [dir, '--json'])
    expect(exitCode).toBe(0)
    expect((doc as DiffResult).entries[0]?.status).toBe('unchanged')
  })
})
