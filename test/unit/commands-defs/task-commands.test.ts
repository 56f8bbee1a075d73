import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import TaskCreate from '../../../src/commands/task/create.js'
import TaskDelete from '../../../src/commands/task/delete.js'
import TaskGetAll from '../../../src/commands/task/get-all.js'
import TaskGet from '../../../src/commands/task/get.js'
import TaskList from '../../../src/commands/task/list.js'
import TaskPoll from '../../../src/commands/task/poll.js'
import TaskUpdateExecution from '../../../src/commands/task/update-execution.js'
import TaskUpdate from '../../../src/commands/task/update.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {defs, error, fakeConductor, OK, served, tempDirs, withStdin, type Doc} from './fake-conductor.js'

const server = mockServer()
const fake = fakeConductor(server)
const tmp = tempDirs()
const run = (command: unknown, argv: string[]) => runInProcess(command as CommandClass, argv, server)
type Failure = {error: {kind: string; exitCode: number; message: string; hint?: string}; result?: unknown}

describe('task list / get / get-all', () => {
  it("list: the Go CLI's columns, sorted by name, filtered by --name", async () => {
    // the server's order is not the table's
    fake.holds({
      taskDefs: [
        defs.task('send_email', {description: 'Sends', timeoutPolicy: 'TIME_OUT_WF'}),
        defs.task('charge', {ownerApp: 'payments'}),
      ],
    })
    const table = await run(TaskList, [])
    expect(table.exitCode).toBe(0)
    const [header, first, second] = table.stdout.trim().split('\n')
    expect(header).toMatch(/^NAME\s+EXECUTABLE\s+DESCRIPTION\s+OWNER\s+TIMEOUT POLICY\s+TIMEOUT \(s\)\s+RETRY COUNT/)
    expect(first).toMatch(/^charge\s+yes\s/)
    expect(second).toMatch(/^send_email\s+no\s+Sends\s+team@example.com\s+TIME_OUT_WF\s+60\s+1\s+30/)
    const filtered = await run(TaskList, ['--name', 'send*', '--json'])
    expect((filtered.doc as Doc[]).map((d) => d.name)).toEqual(['send_email'])
    // --name filters here: the server is asked for the whole list
    expect(fake.requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      'GET /api/metadata/taskdefs?',
      'GET /api/metadata/taskdefs?',
    ])
  })

  it('list --csv: the columns as CSV', async () => {
    fake.holds({taskDefs: [defs.task('a')]})
    const {stdout} = await run(TaskList, ['--csv'])
    expect(stdout.trim().split('\n')).toEqual([
      'NAME,EXECUTABLE,DESCRIPTION,OWNER,TIMEOUT POLICY,TIMEOUT (s),RETRY COUNT,RESPONSE TIMEOUT (s)',
      'a,no,,team@example.com,,60,1,30',
    ])
  })

  it('get prints the server copy as JSON or YAML; a missing one is exit 4 with the server-side name', async () => {
    fake.on('GET', '/api/metadata/taskdefs/charge', {body: served.taskDef(defs.task('charge'))})
    fake.on('GET', '/api/metadata/taskdefs/nosuch', error(404, 'No such taskType found by name: nosuch'))
    const json = await run(TaskGet, ['charge'])
    expect(json.exitCode).toBe(0)
    expect(json.doc).toMatchObject({name: 'charge', retryCount: 1})
    const yaml = await run(TaskGet, ['charge', '-o', 'yaml'])
    expect(parseYaml(yaml.stdout)).toMatchObject({name: 'charge'})
    const missing = await run(TaskGet, ['nosuch', '--json'])
    expect(missing.exitCode).toBe(4)
    expect((missing.doc as Failure).error.message).toBe('Task definition nosuch does not exist')
  })

  it('get-all prints one JSON array, filtered by an unanchored regex; a bad regex is a usage error', async () => {
    fake.holds({taskDefs: [defs.task('charge'), defs.task('email_send'), defs.task('sms_send')]})
    const all = await run(TaskGetAll, [])
    expect((all.doc as Doc[]).map((d) => d.name)).toEqual(['charge', 'email_send', 'sms_send'])
    const some = await run(TaskGetAll, ['_send$'])
    expect((some.doc as Doc[]).map((d) => d.name)).toEqual(['email_send', 'sms_send'])
    const bad = await run(TaskGetAll, ['(', '--json'])
    expect(bad.exitCode).toBe(2)
    expect((bad.doc as Failure).error.message).toContain('Invalid regular expression')
  })
})

describe('task delete', () => {
  it('deletes one with --yes and prints the Go CLI line', async () => {
    fake.on('GET', '/api/metadata/taskdefs/charge', {body: served.taskDef(defs.task('charge'))})
    fake.on('DELETE', '/api/metadata/taskdefs/charge', OK)
    const {stdout, exitCode} = await run(TaskDelete, ['charge', '--yes'])
    expect(exitCode).toBe(0)
    expect(stdout.trim()).toBe("Task 'charge' deleted successfully")
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /api/metadata/taskdefs/charge'])
  })

  it('one that does not exist: exit 4 before asking (the server would answer 500)', async () => {
    fake.on('GET', '/api/metadata/taskdefs/nosuch', error(404, 'No such taskType found by name: nosuch'))
    const {doc, exitCode} = await run(TaskDelete, ['nosuch', '--json'])
    expect(exitCode).toBe(4)
    expect((doc as Failure).error.kind).toBe('notFound')
    expect(fake.writes()).toEqual([])
  })

  it('several names: tries every one, exit 9 with a result per name', async () => {
    for (const name of ['a', 'c']) {
      fake.on('GET', `/api/metadata/taskdefs/${name}`, {body: served.taskDef(defs.task(name))})
      fake.on('DELETE', `/api/metadata/taskdefs/${name}`, OK)
    }
    fake.on('GET', '/api/metadata/taskdefs/b', error(404, 'No such taskType found by name: b'))
    const {doc, exitCode} = await run(TaskDelete, ['a', 'b', 'c', '-y', '--json'])
    expect(exitCode).toBe(9)
    const failure = doc as Failure & {result: {name: string; deleted: boolean}[]}
    expect(failure.error.message).toBe('1 of 3 task definitions were not deleted')
    expect(failure.result.map((r) => `${r.name}:${r.deleted}`)).toEqual(['a:true', 'b:false', 'c:true'])
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'DELETE /api/metadata/taskdefs/a',
      'DELETE /api/metadata/taskdefs/c',
    ])
  })

  it('without --yes off a terminal: refused, nothing deleted', async () => {
    fake.on('GET', '/api/metadata/taskdefs/a', {body: served.taskDef(defs.task('a'))})
    const {exitCode} = await run(TaskDelete, ['a'])
    expect(exitCode).toBe(2)
    expect(fake.writes()).toEqual([])
  })
})

describe('task create / update (the Go CLI commands)', () => {
  it('create sends every definition of a file (an array) in one POST and prints nothing on stdout', async () => {
    fake.on('POST', '/api/metadata/taskdefs', OK)
    const dir = await tmp.write({'tasks.json': [defs.task('a'), defs.task('b')]})
    const {stdout, stderr, exitCode} = await run(TaskCreate, [`${dir}/tasks.json`])
    expect(exitCode).toBe(0)
    expect(stdout).toBe('')
    expect(stderr).toContain('Created a, b')
    const posts = fake.writes()
    expect(posts).toHaveLength(1)
    expect((posts[0]?.body as Doc[]).map((d) => d.name)).toEqual(['a', 'b'])
  })

  it('create from stdin; --json lists what was sent', async () => {
    fake.on('POST', '/api/metadata/taskdefs', OK)
    const {doc, exitCode} = await withStdin('name: piped\nretryCount: 2\n', () => run(TaskCreate, ['--json']))
    expect(exitCode).toBe(0)
    expect(doc).toEqual([{name: 'piped', file: '<stdin>'}])
    expect(fake.writes().map((r) => r.body)).toEqual([[{name: 'piped', retryCount: 2}]])
  })

  it('an invalid definition: nothing is sent (exit 3)', async () => {
    const dir = await tmp.write({'t.json': defs.task('a', {retryCount: 'many'})})
    const {exitCode, stderr} = await run(TaskCreate, [`${dir}/t.json`])
    expect(exitCode).toBe(3)
    expect(stderr).toContain('Nothing was sent')
    expect(fake.writes()).toEqual([])
  })

  it('no file and stdin is a terminal: a usage error naming both forms, nothing read', async () => {
    const tty = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY')
    Object.defineProperty(process.stdin, 'isTTY', {value: true, configurable: true})
    try {
      const {doc, exitCode} = await run(TaskCreate, ['--json'])
      expect(exitCode).toBe(2)
      expect((doc as Failure).error.message).toBe('task create needs a file, or a definition on stdin')
      expect((doc as Failure & {error: {hint: string}}).error.hint).toContain('cat def.json | conductor task create')
    } finally {
      if (tty) Object.defineProperty(process.stdin, 'isTTY', tty)
      else delete (process.stdin as {isTTY?: boolean}).isTTY
    }
    expect(fake.requests).toEqual([])
  })

  it('a file with no task definition is refused', async () => {
    const dir = await tmp.write({'w.json': defs.workflow('w')})
    const {exitCode, doc} = await run(TaskCreate, [`${dir}/w.json`, '--json'])
    expect(exitCode).toBe(3)
    expect((doc as Failure).error.message).toBe('No task definitions found in the inputs')
  })

  it('update sends each with PUT; a name the server does not have is its 404 (exit 4)', async () => {
    fake.on('PUT', '/api/metadata/taskdefs', OK, error(404, 'No such task by name b'))
    const dir = await tmp.write({'a.json': defs.task('a', {retryCount: 7}), 'b.json': defs.task('b')})
    const ok = await run(TaskUpdate, [`${dir}/a.json`])
    expect(ok.exitCode).toBe(0)
    expect(ok.stderr).toContain('Updated a')
    expect(fake.writes()[0]?.body).toEqual(defs.task('a', {retryCount: 7}))
    const missing = await run(TaskUpdate, [`${dir}/b.json`, '--json'])
    expect(missing.exitCode).toBe(4)
    expect((missing.doc as Failure).error.message).toContain('No such task by name b')
    expect(fake.writes().map((r) => `${r.method} ${(r.body as Doc).name}`)).toEqual(['PUT a', 'PUT b'])
  })
})

describe('task poll / update-execution (worker side, the Go CLI commands)', () => {
  const task = {
    taskId: 'task-1',
    workflowInstanceId: 'wf-1',
    taskType: 'charge',
    status: 'IN_PROGRESS',
    inputData: {a: 1},
  }

  it('poll asks the batch endpoint with the Go CLI parameters and prints the tasks', async () => {
    fake.on('GET', '/api/tasks/poll/batch/charge', {status: 200, body: [task]})
    const {doc, exitCode} = await run(TaskPoll, [
      'charge',
      '--count',
      '3',
      '--worker-id',
      'w1',
      '--domain',
      'd',
      '--timeout',
      '9000',
    ])
    expect(exitCode).toBe(0)
    expect(doc).toEqual([task])
    const q = fake.requests[0]?.query
    expect(Object.fromEntries(q ?? [])).toEqual({workerid: 'w1', domain: 'd', count: '3', timeout: '5000'})
  })

  it('poll with nothing queued prints "No tasks available" ([] under --json)', async () => {
    fake.on('GET', '/api/tasks/poll/batch/charge', {status: 200, body: []})
    const text = await run(TaskPoll, ['charge'])
    expect(text.stdout.trim()).toBe('No tasks available')
    const json = await run(TaskPoll, ['charge', '--json'])
    expect(json.doc).toEqual([])
  })

  it('update-execution posts the output to the ref endpoint and prints the task id', async () => {
    fake.on('POST', '/api/tasks/wf-1/charge/COMPLETED', {status: 200, body: 'task-1'})
    const {stdout, exitCode} = await run(TaskUpdateExecution, [
      '--workflow-id',
      'wf-1',
      '--task-ref-name',
      'charge',
      '--status',
      'COMPLETED',
      '--output',
      '{"ok":true}',
      '--worker-id',
      'w1',
    ])
    expect(exitCode).toBe(0)
    expect(stdout.trim()).toBe('task-1')
    expect(fake.requests[0]?.body).toEqual({ok: true})
    expect(fake.requests[0]?.query.get('workerid')).toBe('w1')
  })

  it('update-execution: no pending task (empty 200) is exit 4, saying why', async () => {
    fake.on('POST', '/api/tasks/wf-1/charge/COMPLETED', {status: 200, body: ''})
    fake.on('GET', '/api/workflow/wf-1', {
      status: 200,
      body: {
        workflowId: 'wf-1',
        status: 'RUNNING',
        tasks: [{referenceTaskName: 'charge', status: 'COMPLETED', seq: 1, taskType: 'SIMPLE', taskId: 't'}],
      },
    })
    const {doc, exitCode} = await run(TaskUpdateExecution, [
      '--workflow-id',
      'wf-1',
      '--task-ref-name',
      'charge',
      '--status',
      'COMPLETED',
      '--json',
    ])
    expect(exitCode).toBe(4)
    expect((doc as Failure).error.message).toBe("no pending task 'charge' in wf-1: task 'charge' is already COMPLETED")
  })

  it('update-execution: missing flags and bad output JSON are usage errors, nothing sent', async () => {
    const missing = await run(TaskUpdateExecution, ['--workflow-id', 'wf-1', '--json'])
    expect(missing.exitCode).toBe(2)
    const bad = await run(TaskUpdateExecution, [
      '--workflow-id',
      'wf-1',
      '--task-ref-name',
      'r',
      '--status',
      'FAILED',
      '--output',
      '[1]',
      '--json',
    ])
    expect(bad.exitCode).toBe(2)
    expect((bad.doc as Failure).error.message).toContain('expected an object')
    expect(fake.requests).toEqual([])
  })
})
