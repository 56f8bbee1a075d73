import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cli, serverGet, serverUrl, uniqueName} from '../helpers/server-env.js'
import {pollUntil} from '../helpers/poll.js'

interface Execution {
  workflowId: string
  status: string
  output?: Record<string, unknown>
  input?: Record<string, unknown>
  reasonForIncompletion?: string
  tasks: {taskId: string; referenceTaskName: string; status: string; inputData?: Record<string, unknown>}[]
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const names = {done: uniqueName('it_exec_done'), fail: uniqueName('it_exec_fail'), wait: uniqueName('it_exec_wait')}

const def = (name: string, tasks: unknown[], outputParameters: Record<string, string> = {}) => ({
  name,
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'cli-tests@example.com',
  restartable: true,
  tasks,
  outputParameters,
})

async function register(): Promise<void> {
  const defs = [
    def(
      names.done,
      [
        {name: 'setv', taskReferenceName: 'setv', type: 'SET_VARIABLE', inputParameters: {seen: '${workflow.input.x}'}},
        {
          name: 'double',
          taskReferenceName: 'double',
          type: 'INLINE',
          inputParameters: {
            evaluatorType: 'graaljs',
            expression: '(function(){ return $.v * 2; })()',
            v: '${workflow.input.x}',
          },
        },
        {
          name: 'jq',
          taskReferenceName: 'jq',
          type: 'JSON_JQ_TRANSFORM',
          inputParameters: {queryExpression: '.v + 1', v: '${workflow.input.x}'},
        },
      ],
      {doubled: '${double.output.result}', plusOne: '${jq.output.result}', tag: '${workflow.input.tag}'},
    ),
    def(names.fail, [
      {
        name: 'stop',
        taskReferenceName: 'stop',
        type: 'TERMINATE',
        inputParameters: {terminationStatus: 'FAILED', terminationReason: 'order rejected'},
      },
    ]),
    def(
      names.wait,
      [
        {name: 'setv', taskReferenceName: 'setv', type: 'SET_VARIABLE', inputParameters: {x: '${workflow.input.x}'}},
        {name: 'approval', taskReferenceName: 'approval', type: 'WAIT', inputParameters: {}},
        {
          name: 'after',
          taskReferenceName: 'after',
          type: 'JSON_JQ_TRANSFORM',
          inputParameters: {queryExpression: '.a', a: '${approval.output.approved}'},
        },
      ],
      {approved: '${approval.output.approved}'},
    ),
  ]
  const response = await fetch(`${serverUrl().replace(/\/api$/, '')}/api/metadata/workflow`, {
    method: 'PUT',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify(defs),
  })
  if (!response.ok) throw new Error(`register failed: ${response.status} ${await response.text()}`)
}

const execution = async (id: string) => (await serverGet<Execution>(`/workflow/${id}?includeTasks=true`)).body

const eventually = (id: string, predicate: (e: Execution) => boolean, ms = 10_000) =>
  pollUntil(() => execution(id), predicate, ms)

/** A started execution of the WAIT workflow, parked at its WAIT task. */
async function waiting(): Promise<string> {
  const started = await cli(['run', names.wait, '--input', 'x=1'])
  expect(started.exitCode, started.stderr).toBe(0)
  const id = started.stdout.trim()
  const parked = (e: Execution) => e.tasks.some((t) => t.referenceTaskName === 'approval' && t.status === 'IN_PROGRESS')
  if (!parked(await eventually(id, parked, 30_000)))
    throw new Error(`fixture: the WAIT task of ${id} is not IN_PROGRESS after 30 s`)
  return id
}

beforeAll(register)
afterAll(async () => {
  const root = serverUrl().replace(/\/api$/, '')
  for (const name of Object.values(names))
    await fetch(`${root}/api/metadata/workflow/${name}/1`, {method: 'DELETE'}).catch(() => undefined)
})

describe('run', () => {
  it('prints only the workflow id, and the server has the execution with the input given', async () => {
    const result = await cli([
      'run',
      names.done,
      '--input',
      'x=4',
      '--input',
      'tag={"k":[1]}',
      '--correlation-id',
      'it-corr',
    ])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toMatch(new RegExp(UUID.source.replace('$', '\\n$')))
    const e = await execution(result.stdout.trim())
    expect(e.input).toEqual({x: 4, tag: {k: [1]}})
    expect((e as unknown as {correlationId: string}).correlationId).toBe('it-corr')
  })

  it('--wait on a workflow that completes: exit 0, its output as JSON on stdout, the status on stderr', async () => {
    const result = await cli(['run', names.done, '-i', 'x=5', '--wait'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({doubled: 10, plusOne: 6})
    expect(result.stderr).toContain(`${names.done} COMPLETED`)
  })

  it('--wait --json gives the outcome document', async () => {
    const result = await cli(['run', names.done, '--input-file', '-', '--wait=30s', '--json'], {input: 'x: 1\n'})
    expect(result.exitCode, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 'COMPLETED',
      finished: true,
      exitCode: 0,
      output: {doubled: 2},
    })
    expect(result.stderr).toBe('')
  })

  it('--wait on a workflow that fails: exit 10 and the reason', async () => {
    const result = await cli(['run', names.fail, '--wait', '30s'])
    expect(result.exitCode).toBe(10)
    expect(result.stderr).toContain('FAILED')
    expect(result.stderr).toContain('order rejected')
  })

  it('--wait that ends first: exit 13 and how to keep following', async () => {
    const result = await cli(['run', names.wait, '--wait=1s'])
    expect(result.exitCode).toBe(13)
    expect(result.stderr).toMatch(
      /still RUNNING after waiting 1\.0s; follow it with `conductor execution watch [0-9a-f-]+`/,
    )
    const id = /execution watch ([0-9a-f-]+)/.exec(result.stderr)?.[1] as string
    await cli(['execution', 'terminate', id, '-y'])
  })

  it('bad --input: exit 2, the argument named, and nothing started', async () => {
    const name = uniqueName('it_exec_never')
    const result = await cli(['run', names.done, '--input', 'x=1', '--input', 'oops', '--correlation-id', name])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain("--input 'oops': expected KEY=VALUE")
    expect(result.stdout).toBe('')
    const search = await serverGet<{totalHits: number}>(
      `/workflow/search?query=${encodeURIComponent(`correlationId="${name}"`)}`,
    )
    expect(search.body.totalHits).toBe(0)
  })

  it('an unknown definition: exit 4', async () => {
    const result = await cli(['run', uniqueName('it_exec_missing')])
    expect(result.exitCode).toBe(4)
    expect(result.stderr).toContain('no workflow definition')
  })
})

describe('get and status', () => {
  it('shows status, input and a task table; --json is the server document', async () => {
    const id = await waiting()
    const human = await cli(['execution', 'get', id])
    expect(human.exitCode, human.stderr).toBe(0)
    expect(human.stdout).toMatch(/Status:\s+RUNNING/)
    expect(human.stdout).toMatch(/approval\s+WAIT\s+IN_PROGRESS\s+1/)
    const json = await cli(['status', id, '--json'])
    expect(json.exitCode).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({workflowId: id, status: 'RUNNING', workflowName: names.wait})
    expect((await cli(['status', 'no-such-id'])).exitCode).toBe(4)
    await cli(['execution', 'terminate', id, '-y'])
  })
})

describe('task complete', () => {
  it('completes a WAIT task with output and the workflow finishes; watch exits 0', async () => {
    const id = await waiting()
    const done = await cli([
      'task',
      'complete',
      id,
      'approval',
      '--output-data',
      'approved=true',
      '--output-data',
      'by=ada',
    ])
    expect(done.exitCode, done.stderr).toBe(0)
    const watched = await cli(['execution', 'watch', id, '--wait', '30s'])
    expect(watched.exitCode, watched.stderr).toBe(0)
    expect(JSON.parse(watched.stdout)).toEqual({approved: true})
  })

  it('no pending task with that ref: exit 4 and why', async () => {
    const id = await waiting()
    const result = await cli(['task', 'complete', id, 'after'])
    expect(result.exitCode).toBe(4)
    expect(result.stderr).toContain("no pending task 'after'")
    expect(result.stderr).toContain('Pending tasks now: approval')
    const failed = await cli(['task', 'complete', id, 'approval', '--status', 'FAILED_WITH_TERMINAL_ERROR'])
    expect(failed.exitCode, failed.stderr).toBe(0)
    expect((await eventually(id, (e) => e.status === 'FAILED')).status).toBe('FAILED')
    const watched = await cli(['execution', 'watch', id, '--for', '5s'])
    expect(watched.exitCode).toBe(10)
  })
})

describe('control', () => {
  it('pause and resume; resume of a running one explains and exits 5', async () => {
    const id = await waiting()
    const paused = await cli(['execution', 'pause', id])
    expect(paused.exitCode, paused.stderr).toBe(0)
    expect((await execution(id)).status).toBe('PAUSED')
    const resumed = await cli(['execution', 'resume', id])
    expect(resumed.exitCode, resumed.stderr).toBe(0)
    expect((await execution(id)).status).toBe('RUNNING')
    const again = await cli(['execution', 'resume', id])
    expect(again.exitCode).toBe(5)
    expect(again.stderr).toContain('resume only applies to PAUSED workflows; this one is RUNNING')
    await cli(['execution', 'terminate', id, '-y'])
  })

  it('terminate needs --yes without a terminal; with it the reason is recorded; retry then runs it again', async () => {
    const id = await waiting()
    const refused = await cli(['execution', 'terminate', id])
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toContain('needs --yes')
    expect((await execution(id)).status).toBe('RUNNING')
    const terminated = await cli(['execution', 'terminate', id, '--yes', '--reason', 'it test'])
    expect(terminated.exitCode, terminated.stderr).toBe(0)
    expect(await execution(id)).toMatchObject({status: 'TERMINATED', reasonForIncompletion: 'it test'})
    const retried = await cli(['execution', 'retry', id, '--json'])
    expect(retried.exitCode, retried.stderr).toBe(0)
    expect(JSON.parse(retried.stdout)).toEqual([{id, ok: true, message: expect.stringContaining('retrying')}])
    expect((await execution(id)).status).toBe('RUNNING')
    await cli(['execution', 'terminate', id, '-y'])
  })

  it('retry of a running workflow: a clear message, the alternatives, exit 5', async () => {
    const id = await waiting()
    const result = await cli(['execution', 'retry', id])
    expect(result.exitCode).toBe(5)
    expect(result.stderr).toContain(
      'retry only applies to FAILED, TIMED_OUT or TERMINATED workflows; this one is RUNNING',
    )
    expect(result.stderr).toMatch(/Hint: .*pause or terminate/)
    await cli(['execution', 'terminate', id, '-y'])
  })

  it('restart runs an ended workflow again from the first task', async () => {
    const id = await waiting()
    await cli(['execution', 'terminate', id, '-y'])
    const result = await cli(['execution', 'restart', id, '-y'])
    expect(result.exitCode, result.stderr).toBe(0)
    const e = await eventually(id, (x) => x.status === 'RUNNING' && x.tasks.length >= 2)
    expect(e.status).toBe('RUNNING')
    expect(e.tasks.filter((t) => t.referenceTaskName === 'approval')).toHaveLength(1)
    await cli(['execution', 'terminate', id, '-y'])
  })

  it('rerun from a task by its ref, with changed task and workflow input', async () => {
    const id = await waiting()
    const runningRerun = await cli(['execution', 'rerun', id, '--from-task', 'approval', '-y'])
    expect(runningRerun.exitCode).toBe(5)
    await cli(['execution', 'terminate', id, '-y'])
    const result = await cli([
      'execution',
      'rerun',
      id,
      '--from-task',
      'approval',
      '--task-input',
      'note=again',
      '--workflow-input',
      'x=9',
      '-y',
    ])
    expect(result.exitCode, result.stderr).toBe(0)
    const e = await eventually(id, (x) => x.status === 'RUNNING')
    expect(e.status).toBe('RUNNING')
    expect(e.input).toEqual({x: 9})
    expect(e.tasks.find((t) => t.referenceTaskName === 'approval')?.inputData).toMatchObject({note: 'again'})
    const unknown = await cli(['execution', 'rerun', id, '--from-task', 'nope', '-y'])
    expect(unknown.exitCode).toBe(4) // the ref is resolved before anything is sent
    expect(unknown.stderr).toContain("no task 'nope'")
    expect(unknown.stderr).toContain('Its tasks (by ref): setv, approval')
    await cli(['execution', 'terminate', id, '-y'])
  })

  it('skip-task skips a task not reached yet, and explains one already run', async () => {
    const id = await waiting()
    const skipped = await cli(['execution', 'skip-task', id, 'after', '-y'])
    expect(skipped.exitCode, skipped.stderr).toBe(0)
    expect((await execution(id)).tasks.find((t) => t.referenceTaskName === 'after')?.status).toBe('SKIPPED')
    const done = await cli(['execution', 'skip-task', id, 'setv', '-y'])
    expect(done.exitCode).toBe(5)
    expect(done.stderr).toContain('already been scheduled or run')
    await cli(['execution', 'terminate', id, '-y'])
  })

  it('delete removes the execution; --archive of a running one explains', async () => {
    const id = await waiting()
    const archived = await cli(['execution', 'delete', id, '--archive', '-y'])
    expect(archived.exitCode).toBe(5)
    expect(archived.stderr).toContain('without --archive')
    const result = await cli(['execution', 'delete', id, '-y'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect((await serverGet(`/workflow/${id}`)).status).toBe(404)
  })

  it('several ids with one bad: the others are done, the table says which failed, exit non-zero', async () => {
    const [a, b] = [await waiting(), await waiting()]
    const result = await cli(['execution', 'terminate', a, 'no-such-execution', b, '-y', '--reason', 'bulk'])
    expect(result.exitCode).toBe(9) // two terminated, one not found: a partial failure
    expect(result.stdout).toMatch(new RegExp(`${a}\\s+yes\\s+terminated`))
    expect(result.stdout).toMatch(/no-such-execution\s+no\s+no execution with id no-such-execution/)
    expect(result.stderr).toContain('terminate: 1 of 3 failed')
    expect((await execution(a)).status).toBe('TERMINATED')
    expect((await execution(b)).status).toBe('TERMINATED')
    const json = await cli(['execution', 'pause', a, 'no-such-execution', '--json'])
    expect(json.exitCode).toBe(9) // a has ended (conflict, 5) and the other is unknown (notFound, 4): mixed kinds give 9
    const body = JSON.parse(json.stdout) as {result: {id: string; ok: boolean}[]; error: {exitCode: number}}
    expect(body.result.map((r) => r.ok)).toEqual([false, false])
    expect(body.error.exitCode).toBe(9)
  })

  it('variables: this OSS server has no such API (exit 4)', async () => {
    const id = await waiting()
    const result = await cli(['execution', 'variables', id, 'a=1'])
    expect(result.exitCode).toBe(4)
    expect(result.stderr).toContain('this server (Conductor OSS) has no workflow-variables API')
    await cli(['execution', 'terminate', id, '-y'])
  })
})
