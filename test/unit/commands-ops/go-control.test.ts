import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import WorkflowGetExecution from '../../../src/commands/workflow/get-execution.js'
import WorkflowPause from '../../../src/commands/workflow/pause.js'
import WorkflowStatus from '../../../src/commands/workflow/status.js'
import WorkflowTerminate from '../../../src/commands/workflow/terminate.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'

/**
 * The Go CLI's execution commands over the shared control flow (lib/command/go-control-command.ts,
 * lib/go-compat/each.ts): its lines per id, failures on stderr, exit codes from the table. The server
 * is undici's MockAgent, answering as Conductor 3.32 does.
 */
const server = mockServer()
const json = {headers: {'content-type': 'application/json'}}
const notFound = (id: string) => ({status: 404, message: `No such workflow found by id: ${id}`, retryable: false})

beforeEach(() => {
  vi.stubEnv('CONDUCTOR_PROFILE', '')
  vi.stubEnv('CONDUCTOR_SERVER_URL', '')
  vi.stubEnv('CI', '1')
})
afterEach(() => vi.unstubAllEnvs())

/** Executions by id, each with its status; any other id is 404. */
function executions(byId: Record<string, string>) {
  server
    .pool()
    .intercept({
      path: (p) => /^\/api\/workflow\/[^/?]+(\/status)?(\?.*)?$/.test(p) && !p.includes('/bulk'),
      method: 'GET',
    })
    .reply((opts) => {
      const id = decodeURIComponent(opts.path.split('/')[3]?.split('?')[0] ?? '')
      const status = byId[id]
      if (!status) return {statusCode: 404, data: JSON.stringify(notFound(id)), responseOptions: json}
      return {
        statusCode: 200,
        data: JSON.stringify({
          workflowId: id,
          status,
          workflowName: 'orders',
          workflowVersion: 1,
          tasks: [],
          workflowDefinition: {name: 'orders'},
        }),
        responseOptions: json,
      }
    })
    .persist()
}

describe('workflow status (one word per id)', () => {
  it('prints each status; an unknown id is reported on stderr and the exit is 4', async () => {
    executions({a: 'RUNNING', c: 'COMPLETED'})
    const run = await runInProcess(WorkflowStatus as CommandClass, ['a', 'b', 'c'], server)
    expect(run.stdout).toBe('RUNNING\nCOMPLETED\n')
    expect(run.stderr).toMatch(/^Error: .*b/)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.exitCode).toBe(4)
  })

  it('--json: one list of {id, ok, ...}, the failure beside the others', async () => {
    executions({a: 'PAUSED'})
    const run = await runInProcess(WorkflowStatus as CommandClass, ['a', 'nosuch', '--json'], server)
    expect(run.exitCode).toBe(4)
    const doc = run.doc as {result: Record<string, unknown>[]; error: {kind: string; message: string}}
    expect(doc.result).toEqual([
      {id: 'a', ok: true, status: 'PAUSED'},
      {id: 'nosuch', ok: false, kind: 'notFound', message: expect.stringContaining('nosuch')},
    ])
    expect(doc.error).toMatchObject({kind: 'notFound', message: 'status: 1 of 2 failed'})
  })

  it('all found: exit 0', async () => {
    executions({a: 'FAILED'})
    const run = await runInProcess(WorkflowStatus as CommandClass, ['a', '--json'], server)
    expect(run.exitCode).toBe(0)
    expect(run.doc).toEqual([{id: 'a', ok: true, status: 'FAILED'}])
  })
})

describe('workflow get-execution', () => {
  it('prints the execution without its definition; -c keeps everything', async () => {
    executions({a: 'RUNNING'})
    const run = await runInProcess(WorkflowGetExecution as CommandClass, ['a'], server)
    expect(run.exitCode).toBe(0)
    const doc = JSON.parse(run.stdout) as Record<string, unknown>
    expect(doc).toMatchObject({workflowId: 'a', status: 'RUNNING'})
    expect(doc).not.toHaveProperty('workflowDefinition')
    const complete = await runInProcess(WorkflowGetExecution as CommandClass, ['-c', 'a'], server)
    expect(JSON.parse(complete.stdout)).toHaveProperty('workflowDefinition', {name: 'orders'})
  })
})

describe('workflow terminate and pause (the Go CLI lines over the control flow)', () => {
  it('one id: DELETE with the reason; the id alone on stdout', async () => {
    executions({a: 'RUNNING'})
    const sent: string[] = []
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/workflow/a?'), method: 'DELETE'})
      .reply((opts) => (sent.push(opts.path), {statusCode: 200, data: ''}))
    const run = await runInProcess(WorkflowTerminate as CommandClass, ['a', '--reason', 'stuck job'], server)
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toBe('a\n')
    expect(sent).toEqual(['/api/workflow/a?reason=stuck+job'])
  })

  it('several ids: the bulk endpoint; a refusal is a line on stderr, and the exit says so', async () => {
    executions({a: 'RUNNING', b: 'COMPLETED'})
    let body: unknown
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/workflow/bulk/terminate'), method: 'POST'})
      .reply((opts) => {
        body = JSON.parse(String(opts.body))
        return {
          statusCode: 200,
          data: JSON.stringify({
            bulkSuccessfulResults: ['a'],
            bulkErrorResults: {b: 'Workflow is in terminal state: COMPLETED'},
          }),
          responseOptions: json,
        }
      })
    const run = await runInProcess(WorkflowTerminate as CommandClass, ['a', 'b'], server)
    expect(body).toEqual(['a', 'b'])
    expect(run.stdout).toBe('a\n')
    // the refusal explained from the status it names, then a summary line
    expect(run.stderr).toBe(
      'error terminating b: b already COMPLETED; there is nothing to terminate\n1 terminated, 1 failed\n',
    )
    // one of two failed: a partial failure
    expect(run.exitCode).toBe(9)
  })

  it('--json: the per-id results, failure beside them', async () => {
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/workflow/bulk/pause'), method: 'PUT'})
      .reply(200, {bulkSuccessfulResults: ['a', 'b'], bulkErrorResults: {}}, json)
    const run = await runInProcess(WorkflowPause as CommandClass, ['a', 'b', '--json'], server)
    expect(run.exitCode).toBe(0)
    expect((run.doc as {id: string; ok: boolean}[]).map((r) => [r.id, r.ok])).toEqual([
      ['a', true],
      ['b', true],
    ])
  })

  it('one id that does not exist: its line on stderr, exit 4', async () => {
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/workflow/nosuch'), method: /PUT|GET/})
      .reply(404, notFound('nosuch'), json)
      .persist()
    const run = await runInProcess(WorkflowPause as CommandClass, ['nosuch'], server)
    expect(run.exitCode).toBe(4)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^error pausing workflow nosuch: /)
  })

  it('--dry-run prints the ids and sends nothing', async () => {
    const run = await runInProcess(WorkflowPause as CommandClass, ['a', 'b', '--dry-run'], server)
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toBe('a\nb\n')
  })

  it.each([
    [['--query', 'status=RUNNING', 'a'], 'Give ids or --query, not both'],
    [[], 'Missing workflow id'],
    [['--query', ' '], '--query is empty'],
  ])('refuses %j (2)', async (argv, message) => {
    const run = await runInProcess(WorkflowTerminate as CommandClass, [...argv, '--json'], server)
    expect(run.exitCode).toBe(2)
    expect((run.doc as {error: {message: string}}).error.message).toBe(message)
  })
})
