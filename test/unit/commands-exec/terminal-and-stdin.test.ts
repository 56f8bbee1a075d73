import {Readable} from 'node:stream'
import {afterEach, describe, expect, it, vi} from 'vitest'
import ExecutionPause from '../../../src/commands/execution/pause.js'
import ExecutionWatch from '../../../src/commands/execution/watch.js'
import Run from '../../../src/commands/run.js'
import Search from '../../../src/commands/search.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {fakeConductor, SQLITE_CONFIG, summaryRow, workflowDoc} from './fake-conductor.js'

const server = mockServer()
const run = (command: unknown, argv: string[]) => runInProcess(command as CommandClass, argv, server)
type Doc = {error?: {kind: string; message: string; hint?: string}}

const stdinOf = (text: string, isTTY = false) => {
  const stream = Object.assign(Readable.from([text]), {isTTY})
  vi.spyOn(process, 'stdin', 'get').mockReturnValue(stream as unknown as typeof process.stdin)
}

const saved = {isTTY: process.stderr.isTTY, CI: process.env.CI, TERM: process.env.TERM}
/** What a terminal stream has beside isTTY (ora moves the cursor); only added where the stream lacks them. */
const TTY_METHODS = ['cursorTo', 'moveCursor', 'clearLine', 'clearScreenDown'] as const
const added: string[] = []
afterEach(() => {
  Object.assign(process.stderr, {isTTY: saved.isTTY})
  for (const name of added.splice(0)) delete (process.stderr as unknown as Record<string, unknown>)[name]
  for (const key of ['CI', 'TERM'] as const)
    if (saved[key] === undefined) delete process.env[key]
    else process.env[key] = saved[key]
})
/** stderr is a terminal a person watches (no CI): spinners and progress there. */
const interactiveStderr = () => {
  Object.assign(process.stderr, {isTTY: true})
  const stream = process.stderr as unknown as Record<string, unknown>
  for (const name of TTY_METHODS)
    if (typeof stream[name] !== 'function') {
      stream[name] = () => true
      added.push(name)
    }
  delete process.env.CI
  process.env.TERM = 'xterm'
}

describe('run --input-file - (stdin)', () => {
  it('reads the input object (YAML or JSON) from stdin, --input on top', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow', {body: 'wf-1'})
    stdinOf('orderId: 42\nitems: [a, b]\n')
    const {exitCode} = await run(Run, ['orders', '--input-file', '-', '--input', 'rush=true'])
    expect(exitCode).toBe(0)
    expect(fake.sent[0]?.body).toEqual({name: 'orders', input: {orderId: 42, items: ['a', 'b'], rush: true}})
  })

  it('an empty stdin is an empty input', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow', {body: 'wf-2'})
    stdinOf('')
    expect((await run(Run, ['orders', '--input-file', '-'])).exitCode).toBe(0)
    expect(fake.sent[0]?.body).toEqual({name: 'orders', input: {}})
  })

  it('stdin that is a terminal is refused (nothing would ever arrive), nothing started', async () => {
    const fake = fakeConductor(server)
    stdinOf('', true)
    const {doc, exitCode} = await run(Run, ['orders', '--input-file', '-', '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Doc).error?.message).toContain('stdin is a terminal')
    expect(fake.sent).toHaveLength(0)
  })
})

describe('progress on a terminal', () => {
  it('watch: a spinner on stderr that ends with the status line', async () => {
    interactiveStderr()
    fakeConductor(server).on('GET', '/workflow/wf-1', {body: workflowDoc('wf-1', 'COMPLETED')})
    const {stdout, stderr, exitCode} = await run(ExecutionWatch, ['wf-1'])
    expect(exitCode).toBe(0)
    expect(JSON.parse(stdout)).toEqual({charged: true})
    // a spinner frame first, then the succeed mark (piped, only the status line is written)
    expect(stderr).toContain('Watching wf-1')
    expect(stderr).toMatch(/[✔√] orders COMPLETED in 4\.5s \(wf-1\)\n$/)
  })

  it('watch of a FAILED execution: the spinner fails with the reason', async () => {
    interactiveStderr()
    fakeConductor(server).on('GET', '/workflow/wf-2', {
      body: workflowDoc('wf-2', 'FAILED', {reasonForIncompletion: 'declined'}),
    })
    const {stderr, exitCode} = await run(ExecutionWatch, ['wf-2'])
    expect(exitCode).toBe(10)
    expect(stderr).toMatch(/[✖×] orders FAILED in 4\.5s \(wf-2\): declined\n$/)
  })

  it('a poll that fails is noted above the spinner, which goes on', async () => {
    interactiveStderr()
    const fake = fakeConductor(server)
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/workflow/wf-3'), method: 'GET'})
      .replyWithError(new Error('other side closed'))
    fake.on('GET', '/workflow/wf-3', {body: workflowDoc('wf-3', 'COMPLETED')})
    const {stderr, exitCode} = await run(ExecutionWatch, ['wf-3', '--wait', '10s'])
    expect(exitCode).toBe(0)
    expect(stderr).toMatch(/status poll failed \(1×\): .*other side closed/)
    expect(stderr).toMatch(/[✔√] orders COMPLETED in 4\.5s \(wf-3\)\n$/)
  })

  it('bulk pause: progress while it runs, then the table and the summary', async () => {
    interactiveStderr()
    fakeConductor(server).on('PUT', '/workflow/bulk/pause', (req) => ({
      body: {bulkErrorResults: {}, bulkSuccessfulResults: req.body},
    }))
    const {stdout, stderr, exitCode} = await run(ExecutionPause, ['a', 'b', 'c'])
    expect(exitCode).toBe(0)
    expect(stdout.trim().split('\n')).toHaveLength(4)
    expect(stderr).toContain('3 paused')
  })

  it('search on a terminal shows its progress only while reading pages, and prints the table', async () => {
    interactiveStderr()
    const fake = fakeConductor(server)
    fake.on('GET', '/admin/config', SQLITE_CONFIG)
    fake.on('GET', '/workflow/search', {body: {totalHits: 1, results: [summaryRow('wf-1', 'FAILED')]}})
    const {stdout, exitCode} = await run(Search, ['status=FAILED', '--all'])
    expect(exitCode).toBe(0)
    expect(stdout).toMatch(/^ID\s+WORKFLOW/)
    expect(stdout).toContain('wf-1')
  })
})

describe('search: task CSV, client filters, query mistakes', () => {
  const tasks = [
    {
      workflowId: 'wf-1',
      workflowType: 'orders',
      taskId: 't-1',
      taskDefName: 'charge',
      taskType: 'SIMPLE',
      status: 'FAILED',
      startTime: '2026-11-27T10:00:00.000Z',
      endTime: '2026-11-27T10:00:02.000Z',
      executionTime: 2000,
      reasonForIncompletion: 'declined',
    },
  ]

  it('--tasks -o csv: the exact task columns', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/admin/config', SQLITE_CONFIG)
    fake.on('GET', '/tasks/search', {body: {totalHits: 1, results: tasks}})
    const {stdout, exitCode} = await run(Search, ['--tasks', 'status=FAILED', '-o', 'csv'])
    expect(exitCode).toBe(0)
    expect(stdout.trim().split('\n')).toEqual([
      'taskId,workflowId,workflowType,taskDefName,taskType,status,startTime,endTime,durationMs,reasonForIncompletion',
      't-1,wf-1,orders,charge,SIMPLE,FAILED,2026-11-27T10:00:00.000Z,2026-11-27T10:00:02.000Z,2000,declined',
    ])
  })

  it('version>N is checked by the CLI on each row; the note says it cannot tell the total', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/admin/config', SQLITE_CONFIG)
    fake.on('GET', '/workflow/search', {
      body: {
        totalHits: 3,
        results: [
          summaryRow('v1', 'FAILED', {version: 1, startTime: '2026-11-27T10:00:03.000Z'}),
          summaryRow('v2', 'FAILED', {version: 2, startTime: '2026-11-27T10:00:02.000Z'}),
          summaryRow('v3', 'FAILED', {version: 3, startTime: '2026-11-27T10:00:01.000Z'}),
        ],
      },
    })
    const {stdout, stderr} = await run(Search, ['version>1', '--limit', '2', '--ids'])
    expect(stdout).toBe('v2\nv3\n')
    expect(stderr).toContain('Showing the first 2 matches; use --limit N or --all for more.')
  })

  it.each([
    ['version>=2', ['v2', 'v3']],
    ['version<2', ['v1']],
    ['version<=2', ['v1', 'v2']],
    ['version in (1, 3)', ['v1', 'v3']],
  ])('%s keeps the rows whose version passes', async (query, expected) => {
    const fake = fakeConductor(server)
    fake.on('GET', '/admin/config', SQLITE_CONFIG)
    fake.on('GET', '/workflow/search', {
      body: {
        totalHits: 3,
        results: [
          summaryRow('v1', 'FAILED', {version: 1, startTime: '2026-11-27T10:00:03.000Z'}),
          summaryRow('v2', 'FAILED', {version: 2, startTime: '2026-11-27T10:00:02.000Z'}),
          summaryRow('v3', 'FAILED', {version: 3, startTime: '2026-11-27T10:00:01.000Z'}),
        ],
      },
    })
    const {stdout} = await run(Search, [query, '--all', '--ids'])
    expect(stdout.trim().split('\n')).toEqual(expected)
  })

  it.each([
    ['status:FAILED', '"status:FAILED": use = rather than :', 'For example status=FAILED.'],
    ['status not in (FAILED)', 'NOT IN is not supported', undefined],
    ['status', '"status" needs an operator and a value', undefined],
  ])('%s is refused with a pointer at the mistake', async (query, message, hint) => {
    const fake = fakeConductor(server)
    const {doc, exitCode} = await run(Search, [query, '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Doc).error?.message).toContain(message)
    if (hint) expect((doc as Doc).error?.hint).toBe(hint)
    expect(fake.sent).toHaveLength(0)
  })
})
