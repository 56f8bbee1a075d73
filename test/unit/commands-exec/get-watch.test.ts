import {describe, expect, it} from 'vitest'
import ExecutionGet from '../../../src/commands/execution/get.js'
import ExecutionWatch from '../../../src/commands/execution/watch.js'
import Status from '../../../src/commands/status.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {error, fakeConductor, taskDoc, workflowDoc} from './fake-conductor.js'

const server = mockServer()
const run = (command: unknown, argv: string[]) => runInProcess(command as CommandClass, argv, server)

describe('execution get', () => {
  it('--json prints the execution document as the server sent it, asking for its tasks', async () => {
    const fake = fakeConductor(server)
    const doc = workflowDoc('wf-1', 'COMPLETED', {tasks: [taskDoc('charge', 'COMPLETED')], customField: 'kept'})
    fake.on('GET', '/workflow/wf-1', {body: doc})
    const result = await run(ExecutionGet, ['wf-1', '--json'])
    expect(result.exitCode).toBe(0)
    expect(result.doc).toEqual(doc)
    expect(fake.sent).toHaveLength(1)
    expect(fake.sent[0]?.query).toEqual({includeTasks: 'true'})
  })

  it('text: a summary block, then the tasks in seq order with attempt, duration and reason', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/workflow/wf-2', {
      body: workflowDoc('wf-2', 'FAILED', {
        reasonForIncompletion: 'card declined',
        parentWorkflowId: 'parent-1',
        variables: {tries: 2},
        tasks: [
          taskDoc('ship', 'CANCELED', {seq: 2}),
          taskDoc('charge', 'FAILED', {seq: 1, retryCount: 2, reasonForIncompletion: 'declined'}),
        ],
      }),
    })
    const {stdout, exitCode} = await run(ExecutionGet, ['wf-2'])
    expect(exitCode).toBe(0)
    const lines = stdout.split('\n')
    expect(lines[0]).toMatch(/^Workflow:\s+orders v2$/)
    expect(stdout).toMatch(/^ID:\s+wf-2$/m)
    expect(stdout).toMatch(/^Status:\s+FAILED$/m)
    expect(stdout).toMatch(/^Reason:\s+card declined$/m)
    expect(stdout).toMatch(/^Correlation:\s+order-42$/m)
    expect(stdout).toMatch(/^Parent:\s+parent-1$/m)
    expect(stdout).toMatch(/^Started:\s+2025-12-01 14:40:00Z$/m)
    expect(stdout).toMatch(/^Duration:\s+4\.5s$/m)
    expect(stdout).toMatch(/^Input:\s+\{"orderId":42\}$/m)
    expect(stdout).toMatch(/^Ended:\s+2025-12-01 14:40:04Z$/m)
    expect(stdout).toMatch(/^Variables:\s+\{"tries":2\}$/m)
    expect(stdout).toContain('Tasks (2):')
    const header = lines.findIndex((l) => /^REF\s+TYPE\s+STATUS\s+ATTEMPT\s+DURATION\s+REASON$/.test(l))
    expect(header).toBeGreaterThan(0)
    const rows = lines.slice(header + 1).filter((l) => /charge|ship/.test(l))
    expect(rows[0]).toMatch(/^charge\s+SIMPLE\s+FAILED\s+3\s+1\.0s\s+declined$/)
    expect(rows[1]).toMatch(/^ship\s+SIMPLE\s+CANCELED\s+1\s+1\.0s$/)
  })

  it('an execution without tasks says so', async () => {
    fakeConductor(server).on('GET', '/workflow/wf-3', {body: workflowDoc('wf-3', 'RUNNING')})
    const {stdout, exitCode} = await run(ExecutionGet, ['wf-3'])
    expect(exitCode).toBe(0)
    expect(stdout).toContain('No tasks yet.')
    expect(stdout).not.toMatch(/^Ended:/m)
  })

  it('an unknown id is not found (4), naming the id, under --json and in text', async () => {
    fakeConductor(server).on('GET', '/workflow/nosuch', error(404, 'No such workflow found by id: nosuch'))
    const json = await run(ExecutionGet, ['nosuch', '--json'])
    expect(json.exitCode).toBe(4)
    expect(json.doc).toMatchObject({error: {kind: 'notFound', exitCode: 4, message: 'no execution with id nosuch'}})
    const text = await run(ExecutionGet, ['nosuch'])
    expect(text.exitCode).toBe(4)
    expect(text.stdout).toBe('')
    expect(text.stderr).toContain('Error: no execution with id nosuch')
    expect(text.stderr).toContain('Hint: Check the id')
  })

  it('an answer that is not an execution is a server error (6)', async () => {
    fakeConductor(server).on('GET', '/workflow/wf-4', {body: {name: 'a JSON answer of some other service'}})
    const {exitCode, doc} = await run(ExecutionGet, ['wf-4', '--json'])
    expect(exitCode).toBe(6)
    expect(doc).toMatchObject({error: {kind: 'server'}})
  })

  it('a missing id is a usage error (2)', async () => {
    const {exitCode, doc} = await run(ExecutionGet, ['--json'])
    expect(exitCode).toBe(2)
    expect(doc).toMatchObject({error: {kind: 'usage'}})
  })

  it('status is execution get under another name', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/workflow/wf-5', {body: workflowDoc('wf-5', 'PAUSED')})
    const {exitCode, doc} = await run(Status, ['wf-5', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toMatchObject({workflowId: 'wf-5', status: 'PAUSED'})
    expect(fake.requests('GET', '/workflow/wf-5')).toHaveLength(1)
  })
})

describe('execution watch', () => {
  /** Answers RUNNING `running` times, then the final document. */
  const sequence = (id: string, running: number, final: Record<string, unknown>) => {
    const fake = fakeConductor(server)
    let polls = 0
    fake.on('GET', `/workflow/${id}`, () => {
      polls++
      return {
        body: polls <= running ? workflowDoc(id, 'RUNNING', {tasks: [taskDoc('charge', 'IN_PROGRESS')]}) : final,
      }
    })
    return fake
  }

  it('follows until COMPLETED: exit 0, the output on stdout, the status line on stderr', async () => {
    const fake = sequence('wf-w1', 1, workflowDoc('wf-w1', 'COMPLETED', {output: {charged: true}}))
    const {stdout, stderr, exitCode} = await run(ExecutionWatch, ['wf-w1', '--wait', '10s'])
    expect(exitCode).toBe(0)
    expect(JSON.parse(stdout)).toEqual({charged: true})
    expect(stderr).toMatch(/orders COMPLETED in 4\.5s \(wf-w1\)/)
    expect(fake.requests('GET', '/workflow/wf-w1')).toHaveLength(2)
  })

  it('--json: the outcome document; a FAILED execution exits 10 with the failed tasks named', async () => {
    const failed = workflowDoc('wf-w2', 'FAILED', {
      reasonForIncompletion: 'charge failed',
      tasks: [taskDoc('charge', 'FAILED'), taskDoc('charge', 'FAILED', {seq: 2})],
    })
    sequence('wf-w2', 0, failed)
    const {doc, exitCode, stderr} = await run(ExecutionWatch, ['wf-w2', '--json'])
    expect(exitCode).toBe(10)
    expect(doc).toMatchObject({
      workflowId: 'wf-w2',
      workflowName: 'orders',
      status: 'FAILED',
      finished: true,
      exitCode: 10,
      durationMs: 4500,
      reasonForIncompletion: 'charge failed',
      failedTasks: ['charge'],
      output: {},
      error: {kind: 'workflowFailed', exitCode: 10},
    })
    expect(stderr).toBe('')
  })

  it('TERMINATED exits 11 and TIMED_OUT 12; the text status line carries the reason', async () => {
    sequence('wf-w3', 0, workflowDoc('wf-w3', 'TERMINATED', {reasonForIncompletion: 'stuck'}))
    const terminated = await run(ExecutionWatch, ['wf-w3'])
    expect(terminated.exitCode).toBe(11)
    expect(terminated.stderr).toContain('orders TERMINATED in 4.5s (wf-w3): stuck')
    // the ending is quiet: the status line said it, no `Error:` line
    expect(terminated.stderr).not.toContain('Error:')
    sequence('wf-w4', 0, workflowDoc('wf-w4', 'TIMED_OUT'))
    expect((await run(ExecutionWatch, ['wf-w4'])).exitCode).toBe(12)
  })

  it('still RUNNING at the deadline: exit 13, finished false, and how to go on following', async () => {
    const fake = sequence('wf-w5', Infinity, {})
    const started = Date.now()
    const {stderr, exitCode} = await run(ExecutionWatch, ['wf-w5', '--wait', '300ms'])
    expect(exitCode).toBe(13)
    expect(Date.now() - started).toBeLessThan(3000)
    expect(stderr).toContain('orders wf-w5 is still RUNNING after waiting 300ms')
    expect(stderr).toContain('conductor execution watch wf-w5')
    expect(fake.requests('GET', '/workflow/wf-w5').length).toBeGreaterThanOrEqual(2)
  })

  it('--for is the old spelling of --wait', async () => {
    sequence('wf-w6', 0, workflowDoc('wf-w6', 'COMPLETED'))
    const {doc, exitCode} = await run(ExecutionWatch, ['wf-w6', '--for', '5s', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toMatchObject({workflowId: 'wf-w6', status: 'COMPLETED', finished: true, exitCode: 0})
  })

  it('an unknown id ends at once with not found (4)', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/workflow/gone', error(404, 'No such workflow found by id: gone'))
    const {doc, exitCode} = await run(ExecutionWatch, ['gone', '--json'])
    expect(exitCode).toBe(4)
    expect(doc).toMatchObject({error: {kind: 'notFound', message: 'no execution with id gone'}})
    expect(fake.sent).toHaveLength(1)
  })

  it('a malformed --wait is a usage error (2) and nothing is sent', async () => {
    const fake = fakeConductor(server)
    const {doc, exitCode} = await run(ExecutionWatch, ['wf-1', '--wait', 'soon', '--json'])
    expect(exitCode).toBe(2)
    expect(doc).toMatchObject({error: {kind: 'usage'}})
    expect(fake.sent).toHaveLength(0)
  })
})
