import {spawn} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {inject} from 'vitest'
import {BIN, type CliResult} from '../helpers/run-cli.js'
import {cli, serverGet, serverUrl, tempDir, uniqueName} from '../helpers/server-env.js'
import {pollUntil} from '../helpers/poll.js'

interface Task {
  taskId: string
  referenceTaskName: string
  status: string
  startTime: number
  endTime: number
  retryCount: number
  reasonForIncompletion?: string
  inputData: Record<string, unknown>
  outputData: Record<string, unknown>
  workerId?: string
}
interface Execution {
  workflowId: string
  status: string
  output: Record<string, unknown>
  tasks: Task[]
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const dir = tempDir('conductor-worker-it-')
const api = () => serverUrl().replace(/\/api$/, '') + '/api'
const execution = async (id: string) => (await serverGet<Execution>(`/workflow/${id}?includeTasks=true`)).body

const eventually = (id: string, predicate: (e: Execution) => boolean, ms = 20_000) =>
  pollUntil(() => execution(id), predicate, ms, 150)

async function send(method: string, path: string, body?: unknown): Promise<string> {
  const response = await fetch(api() + path, {
    method,
    headers: {'content-type': 'application/json'},
    ...(body === undefined ? {} : {body: JSON.stringify(body)}),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`)
  return text
}

/** One workflow with one SIMPLE task of a fresh type (retryCount 0: a failure fails the workflow). */
async function oneTaskWorkflow(
  prefix: string,
  taskDef: Record<string, unknown> = {},
): Promise<{name: string; type: string}> {
  const name = uniqueName(`${prefix}_wf`)
  const type = uniqueName(`${prefix}_task`)
  await send('POST', '/metadata/taskdefs', [
    {
      name: type,
      ownerEmail: 'cli-tests@example.com',
      retryCount: 0,
      timeoutSeconds: 120,
      responseTimeoutSeconds: 60,
      ...taskDef,
    },
  ])
  await send('PUT', '/metadata/workflow', [
    {
      name,
      version: 1,
      schemaVersion: 2,
      ownerEmail: 'cli-tests@example.com',
      restartable: true,
      tasks: [
        {
          name: type,
          taskReferenceName: 'work',
          type: 'SIMPLE',
          inputParameters: {n: '${workflow.input.n}', text: '${workflow.input.text}', big: '${workflow.input.big}'},
        },
      ],
      outputParameters: {result: '${work.output}'},
    },
  ])
  created.push({name, type})
  return {name, type}
}
const created: {name: string; type: string}[] = []
const executions: string[] = []

async function start(name: string, input: Record<string, unknown> = {}): Promise<string> {
  const id = (await send('POST', '/workflow', {name, input})).trim()
  executions.push(id)
  return id
}

/** A worker process in the background, as a user starts it; `done` resolves when it exits. */
function worker(args: string[]): {pid: number; done: Promise<CliResult>; signal(sig: NodeJS.Signals): void} {
  const started = performance.now()
  const child = spawn(process.execPath, [BIN, 'worker', 'exec', ...args], {
    env: {
      ...process.env,
      NO_COLOR: '1',
      CI: '1',
      CONDUCTOR_CLI_HOME: inject('cliHome'),
      CONDUCTOR_SERVER_URL: serverUrl(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000)
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({stdout, stderr, exitCode: code ?? (signal ? 128 : 1), ms: performance.now() - started})
    }),
  )
  return {pid: child.pid as number, done, signal: (sig) => child.kill(sig)}
}

/** A small node program in the temp dir, run as `node FILE`. */
function program(name: string, source: string): string {
  const file = join(dir, name)
  writeFileSync(file, source)
  return file
}

const READ_INPUT = `import {text} from 'node:stream/consumers'\nconst input = JSON.parse(await text(process.stdin))\n`

beforeAll(() => {
  program(
    'echo.mjs',
    `${READ_INPUT}console.log(JSON.stringify({output: {got: input, env: {TASK_TYPE: process.env.TASK_TYPE, TASK_ID: process.env.TASK_ID, WORKFLOW_ID: process.env.WORKFLOW_ID, TASK_REF: process.env.TASK_REF}}}))\n`,
  )
})

afterAll(async () => {
  for (const id of executions)
    await fetch(`${api()}/workflow/${id}/remove?archiveWorkflow=false`, {method: 'DELETE'}).catch(() => undefined)
  for (const {name, type} of created) {
    await fetch(`${api()}/metadata/workflow/${name}/1`, {method: 'DELETE'}).catch(() => undefined)
    await fetch(`${api()}/metadata/taskdefs/${type}`, {method: 'DELETE'}).catch(() => undefined)
  }
})

describe('quick start', () => {
  it('examples/greetings: register, worker exec greet.mjs for one task, run --wait prints Hello Orkes', async () => {
    // the example files with unique names, so that no other worker on a shared server takes the task
    const wfName = uniqueName('it_greetings')
    const taskName = uniqueName('it_greet')
    const workflow = JSON.parse(readFileSync(join(ROOT, 'examples/greetings/greetings.json'), 'utf8')) as {
      name: string
      tasks: {name: string}[]
    }
    const task = JSON.parse(readFileSync(join(ROOT, 'examples/greetings/greet.json'), 'utf8')) as {name: string}
    expect([workflow.name, workflow.tasks[0]?.name, task.name]).toEqual(['greetings', 'greet', 'greet'])
    workflow.name = wfName
    ;(workflow.tasks[0] as {name: string}).name = taskName
    task.name = taskName
    const defs = tempDir('conductor-greetings-')
    writeFileSync(join(defs, 'greetings.json'), JSON.stringify(workflow))
    writeFileSync(join(defs, 'greet.json'), JSON.stringify(task))
    created.push({name: wfName, type: taskName})

    const registered = await cli(['workflow', 'register', defs])
    expect(registered.exitCode, registered.stderr).toBe(0)
    const greeter = worker([taskName, '--count', '1', '--', 'node', join(ROOT, 'examples/greetings/greet.mjs')])
    const run = await cli(['run', wfName, '--input', 'name=Orkes', '--wait=60s'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({greeting: 'Hello Orkes'})
    expect(run.stdout).toContain('Hello Orkes')
    const w = await greeter.done
    expect(w.exitCode, w.stderr).toBe(0)
    expect(w.stderr).toMatch(/task [0-9a-f-]{36} greet_ref: COMPLETED in \d+ ms/)
  })
})

describe('failure, retry, rerun, restart', () => {
  it('a failing command fails the workflow (run --wait exits 10); retry with a fixed worker completes it; rerun and restart run it again', async () => {
    const {name, type} = await oneTaskWorkflow('it_wk_fail')
    const failing = worker([
      type,
      '--count',
      '1',
      '--',
      'node',
      '-e',
      'process.stderr.write("reading input\\nboom: the input is bad\\n"); process.exit(3)',
    ])
    const run = await cli(['run', name, '--input', 'n=1', '--wait=60s'])
    expect(run.exitCode, run.stderr).toBe(10)
    const id = /\(([0-9a-f-]{36})\)/.exec(run.stderr)?.[1] as string
    executions.push(id)
    expect((await failing.done).stderr).toMatch(
      /work: FAILED in \d+ ms: exited with code 3: reading input \| boom: the input is bad/,
    )
    const failed = await execution(id)
    expect(failed.status).toBe('FAILED')
    const task = failed.tasks[0] as Task
    expect(task.status).toBe('FAILED')
    expect(task.reasonForIncompletion).toBe('exited with code 3: reading input\nboom: the input is bad')
    const logs = (await serverGet<{log: string}[]>(`/tasks/${task.taskId}/log`)).body
    expect(logs.map((l) => l.log)).toEqual(['reading input', 'boom: the input is bad'])

    // retry: the failed task is scheduled again, and a fixed worker completes it
    const fixed = worker([type, '--count', '1', '--', 'node', join(dir, 'echo.mjs')])
    const retried = await cli(['execution', 'retry', id])
    expect(retried.exitCode, retried.stderr).toBe(0)
    expect((await fixed.done).exitCode).toBe(0)
    const completed = await eventually(id, (e) => e.status === 'COMPLETED')
    expect(completed.status).toBe('COMPLETED')
    expect(completed.tasks.map((t) => t.status)).toEqual(['FAILED', 'COMPLETED'])
    expect((completed.tasks[1] as Task).outputData).toMatchObject({
      got: {n: 1},
      env: {TASK_TYPE: type, WORKFLOW_ID: id, TASK_REF: 'work', TASK_ID: completed.tasks[1]?.taskId},
    })

    // rerun from the task with a new input: the worker sees it
    const echo = worker([type, '--count', '1', '--', 'node', join(dir, 'echo.mjs')])
    const rerun = await cli(['execution', 'rerun', id, '--from-task', 'work', '--task-input', 'n=42', '--yes'])
    expect(rerun.exitCode, rerun.stderr).toBe(0)
    expect((await echo.done).exitCode).toBe(0)
    const rerunDone = await eventually(id, (e) => e.status === 'COMPLETED' && e.tasks.at(-1)?.status === 'COMPLETED')
    expect((rerunDone.tasks.at(-1) as Task).inputData.n).toBe(42)
    expect((rerunDone.tasks.at(-1) as Task).outputData).toMatchObject({got: {n: 42}})

    // restart: every task cleared, the workflow runs from the start with its own input
    const again = worker([type, '--count', '1', '--', 'node', join(dir, 'echo.mjs')])
    const restarted = await cli(['execution', 'restart', id, '--yes'])
    expect(restarted.exitCode, restarted.stderr).toBe(0)
    expect((await again.done).exitCode).toBe(0)
    const restartDone = await eventually(
      id,
      (e) => e.status === 'COMPLETED' && e.tasks.length === 1 && e.tasks[0]?.status === 'COMPLETED',
    )
    expect(restartDone.tasks).toHaveLength(1)
    expect((restartDone.tasks[0] as Task).outputData).toMatchObject({got: {n: 1}})
  })
})

describe('worker exec', () => {
  it('runs --concurrency 3 tasks at once: three 2 s tasks take about 2 s, not 6 s', async () => {
    const {name, type} = await oneTaskWorkflow('it_wk_conc')
    const ids = [await start(name), await start(name), await start(name)]
    const sleeper = worker([
      type,
      '--concurrency',
      '3',
      '--count',
      '3',
      '--',
      'node',
      '-e',
      'setTimeout(() => console.log("{\\"slept\\": true}"), 2000)',
    ])
    const result = await sleeper.done
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr.match(/COMPLETED in \d+ ms/g)).toHaveLength(3)
    const tasks = await Promise.all(
      ids.map(async (id) => (await eventually(id, (e) => e.status === 'COMPLETED')).tasks[0] as Task),
    )
    expect(tasks.map((t) => t.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED'])
    // all three were running at once (each started before any ended), so the span is about one task
    // and not three: a measure that does not depend on how loaded the machine is
    expect(Math.max(...tasks.map((t) => t.startTime))).toBeLessThan(Math.min(...tasks.map((t) => t.endTime)))
    const span = Math.max(...tasks.map((t) => t.endTime)) - Math.min(...tasks.map((t) => t.startTime))
    expect(span).toBeLessThan(6000)
  })

  it('--task-timeout kills the command and fails the task', async () => {
    const {name, type} = await oneTaskWorkflow('it_wk_timeout')
    const id = await start(name)
    const slow = worker([
      type,
      '--count',
      '1',
      '--task-timeout',
      '1s',
      '--',
      'node',
      '-e',
      'setTimeout(() => console.log("{}"), 20000)',
    ])
    const result = await slow.done
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.ms).toBeLessThan(15_000)
    expect(result.stderr).toMatch(/work: FAILED in \d+ ms: timed out after 1000 ms; the command was killed/)
    const e = await eventually(id, (x) => x.status === 'FAILED')
    expect(e.tasks[0]?.reasonForIncompletion).toContain('timed out after 1000 ms')
  })

  it('passes the input on stdin intact: unicode and 300 KB', async () => {
    const {name, type} = await oneTaskWorkflow('it_wk_stdin')
    const text = 'héllo wörld — 日本語 — 🚀🌍 — "quotes" \\ back\nslash\ttab'
    const big = 'abcdefghij'.repeat(30_000) + '☃'
    const file = join(dir, 'big.json')
    writeFileSync(file, JSON.stringify({text, big}))
    const hasher = program(
      'hash.mjs',
      `${READ_INPUT}import {createHash} from 'node:crypto'\nconsole.log(JSON.stringify({text: input.text, bigLength: input.big.length, bigSha: createHash('sha256').update(input.big).digest('hex')}))\n`,
    )
    const w = worker([type, '--count', '1', '--', 'node', hasher])
    const run = await cli(['run', name, '--input-file', file, '--wait=60s'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect((await w.done).exitCode).toBe(0)
    const output = (JSON.parse(run.stdout) as {result: {text: string; bigLength: number; bigSha: string}}).result
    expect(output.text).toBe(text)
    expect(output.bigLength).toBe(big.length)
    expect(output.bigSha).toBe(createHash('sha256').update(big).digest('hex'))
  })

  it('never interprets shell metacharacters, in the task input or in the command words', async () => {
    const {name, type} = await oneTaskWorkflow('it_wk_shell')
    const marker = join(dir, `pwned-${Date.now()}`)
    const evil = [
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `; touch ${marker}`,
      `| touch ${marker}`,
      `&& touch ${marker}`,
    ].join(' ')
    const w = worker([
      type,
      '--count',
      '1',
      '--',
      'node',
      join(dir, 'echo.mjs'),
      `$(touch ${marker})`,
      `;touch ${marker}`,
    ])
    const run = await cli(['run', name, '--input', `text=${evil}`, '--wait=60s'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect((await w.done).exitCode).toBe(0)
    expect((JSON.parse(run.stdout) as {result: {got: {text: string}}}).result.got.text).toBe(evil)
    expect(existsSync(marker)).toBe(false)
  })

  it('reads plain JSON and text stdout as the output, and an envelope with FAILED_WITH_TERMINAL_ERROR', async () => {
    const {name, type} = await oneTaskWorkflow('it_wk_stdout', {retryCount: 2, retryDelaySeconds: 0})
    const plain = worker([type, '--count', '1', '--', 'node', '-e', 'console.log("just text")'])
    const text = await cli(['run', name, '--wait=60s'])
    expect(JSON.parse(text.stdout)).toEqual({result: {result: 'just text'}})
    await plain.done
    const terminal = worker([
      type,
      '--count',
      '1',
      '--',
      'node',
      '-e',
      'console.log(JSON.stringify({status: "FAILED_WITH_TERMINAL_ERROR", reason: "no such customer", logs: ["looked up 42"]}))',
    ])
    const failed = await cli(['run', name, '--wait=60s'])
    expect(failed.exitCode).toBe(10)
    await terminal.done
    const id = /\(([0-9a-f-]{36})\)/.exec(failed.stderr)?.[1] as string
    executions.push(id)
    const e = await execution(id)
    // not retried, although the definition allows 2 retries
    expect(e.tasks.map((t) => [t.status, t.reasonForIncompletion])).toEqual([
      ['FAILED_WITH_TERMINAL_ERROR', 'no such customer'],
    ])
  })

  it('Ctrl-C stops polling, lets the task in flight finish, then exits 130', async () => {
    const {name, type} = await oneTaskWorkflow('it_wk_sigint')
    const id = await start(name)
    // The command marks its start: the server shows IN_PROGRESS as soon as the poll is answered, before this worker has the task.
    const started = join(dir, `sigint-started-${Date.now()}`)
    const script = `require("fs").writeFileSync(${JSON.stringify(started)}, ""); setTimeout(() => console.log("{\\"finished\\": true}"), 1500)`
    const w = worker([type, '--', 'node', '-e', script])
    await eventually(id, (e) => e.tasks[0]?.status === 'IN_PROGRESS')
    while (!existsSync(started)) await new Promise((resolve) => setTimeout(resolve, 20))
    w.signal('SIGINT')
    const result = await w.done
    expect(result.exitCode, result.stderr).toBe(130)
    expect(result.stderr).toContain('Stopping: no more polling; waiting for 1 task(s) in flight')
    expect(result.stderr).toMatch(/work: COMPLETED in \d+ ms/)
    const e = await eventually(id, (x) => x.status === 'COMPLETED')
    expect(e.tasks[0]?.outputData).toEqual({finished: true})
  })

  it('refuses a missing command or one that is not on PATH (exit 2), before polling', async () => {
    const none = await cli(['worker', 'exec', 'whatever'])
    expect(none.exitCode).toBe(2)
    expect(none.stderr).toContain('Missing the command to run')
    const missing = await cli(['worker', 'exec', 'whatever', '--', 'no-such-program-xyz'])
    expect(missing.exitCode).toBe(2)
    expect(missing.stderr).toContain('Cannot run no-such-program-xyz: not found on PATH')
    const global = await cli([
      '--timeout',
      '5',
      'worker',
      'exec',
      'whatever',
      '--poll-timeout',
      '9s',
      '--',
      'node',
      '--timeout',
      '1',
    ])
    expect(global.exitCode).toBe(2)
    expect(global.stderr).toContain('--poll-timeout 9s: at most 5s')
  })
})

describe('control commands on many ids', () => {
  it('terminate 50 WAIT workflows and one bogus id: 50 ok, 1 failed, exit non-zero; the server has them TERMINATED', async () => {
    const name = uniqueName('it_wk_bulk')
    await send('PUT', '/metadata/workflow', [
      {
        name,
        version: 1,
        schemaVersion: 2,
        ownerEmail: 'cli-tests@example.com',
        tasks: [{name: 'hold', taskReferenceName: 'hold', type: 'WAIT', inputParameters: {}}],
      },
    ])
    created.push({name, type: uniqueName('none')})
    const ids: string[] = []
    for (let i = 0; i < 50; i++) ids.push(await start(name, {i}))
    const bogus = 'no-such-execution-' + Date.now()
    const result = await cli(['execution', 'terminate', ...ids, bogus, '--yes', '--reason', 'bulk test', '--json'])
    expect(result.exitCode).toBe(9) // 50 terminated, one not found: a partial failure
    const body = JSON.parse(result.stdout) as {
      error: {message: string}
      result: {id: string; ok: boolean; message: string}[]
    }
    const results = body.result
    expect(results).toHaveLength(51)
    expect(results.filter((r) => r.ok).map((r) => r.id)).toEqual(ids)
    expect(results.filter((r) => !r.ok)).toEqual([
      expect.objectContaining({id: bogus, ok: false, message: `no execution with id ${bogus}`}),
    ])
    expect(body.error.message).toContain('1 of 51 failed')
    const statuses = await Promise.all(
      ids.map(async (id) => (await serverGet<{status: string}>(`/workflow/${id}/status`)).body.status),
    )
    expect(new Set(statuses)).toEqual(new Set(['TERMINATED']))
  })
})
