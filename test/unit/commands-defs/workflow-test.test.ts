import {describe, expect, it} from 'vitest'
import WorkflowTest from '../../../src/commands/workflow/test.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {defs, error, fakeConductor, OK, served, tempDirs, type Doc} from './fake-conductor.js'

/**
 * `workflow test` against the test endpoint (reference §5.4). Each test declares what the endpoint
 * answers for its scenario, as Conductor runs it for a linear workflow of SIMPLE tasks: each task
 * takes its next mock in order; a FAILED mock fails the workflow; a task with no mock left stops
 * the run with the workflow still RUNNING. The execution is stored, so the command must terminate
 * and remove it.
 */
const server = mockServer()
const fake = fakeConductor(server)
const tmp = tempDirs()
const run = (argv: string[]) => runInProcess(WorkflowTest as unknown as CommandClass, argv, server)

/** A task of the test execution, as the server reports it. */
const ran = (seq: number, ref: string, status: string, outputData: Doc = {}): Doc => ({
  seq,
  referenceTaskName: ref,
  taskType: ref,
  taskId: `task-${seq}`,
  status,
  outputData,
  workflowTask: defs.simple(ref),
})

/** The execution POST /api/workflow/test answers (and GET /api/workflow/wf-1 reads back). */
const execution = (status: string, tasks: Doc[], output: Doc = {}): Doc => ({
  workflowId: 'wf-1',
  workflowName: 'order_flow',
  workflowVersion: 3,
  correlationId: 'test',
  status,
  startTime: 1_000,
  ...(status === 'RUNNING' ? {} : {endTime: 1_250}),
  input: {},
  output,
  tasks,
})

/** The test endpoint answers `run`; the execution can be read (as `reads` in turn, else `run`), terminated and removed. */
function testEndpoint(run: Doc, ...reads: Doc[]) {
  fake.on('POST', '/api/workflow/test', {body: run})
  fake.on('GET', '/api/workflow/wf-1', ...(reads.length > 0 ? reads : [run]).map((body) => ({body})))
  fake.on('DELETE', '/api/workflow/wf-1', OK)
  fake.on('DELETE', '/api/workflow/wf-1/remove', OK)
}
const completed = execution(
  'COMPLETED',
  [ran(1, 'charge', 'COMPLETED', {ok: true}), ran(2, 'ship', 'COMPLETED', {tracking: 'T1'})],
  {tracking: 'T1'},
)
const waitingForShip = execution('RUNNING', [ran(1, 'charge', 'COMPLETED'), ran(2, 'ship', 'SCHEDULED')])

const flow = defs.workflow('order_flow', 3, [defs.simple('charge'), defs.simple('ship')])

describe('workflow test', () => {
  it('a file with every task mocked: COMPLETED (exit 0), the path, the mocks sent, the execution removed', async () => {
    testEndpoint(completed)
    const dir = await tmp.write({'flow.json': flow})
    const {doc, exitCode} = await run([
      `${dir}/flow.json`,
      '--input',
      'amount=20',
      '--mock',
      'charge={"output": {"ok": true}}',
      '--mock',
      'ship={"tracking": "T1"}',
      '--json',
    ])
    expect(exitCode).toBe(0)
    const report = doc as {status: string; path: Doc[]; output: Doc; removed: boolean; waitingForMocks: string[]}
    expect(report.status).toBe('COMPLETED')
    expect(report.path.map((s) => `${s.ref}:${s.status}:${s.mocked}`)).toEqual([
      'charge:COMPLETED:true',
      'ship:COMPLETED:true',
    ])
    expect(report.output).toEqual({tracking: 'T1'})
    expect(report.removed).toBe(true)
    expect(report.waitingForMocks).toEqual([])
    const sent = fake.requests.find((r) => r.path === '/api/workflow/test')?.body as Doc
    expect(sent).toMatchObject({
      name: 'order_flow',
      version: 3,
      input: {amount: 20},
      taskRefToMockOutput: {
        charge: [{status: 'COMPLETED', output: {ok: true}}],
        ship: [{status: 'COMPLETED', output: {tracking: 'T1'}}],
      },
    })
    expect(typeof sent.correlationId).toBe('string')
    // a COMPLETED execution is removed, not terminated
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/workflow/test',
      'DELETE /api/workflow/wf-1/remove',
    ])
  })

  it('a FAILED mock fails the run: exit 10; a reason is not sent (the endpoint ignores it) and a warning says so', async () => {
    testEndpoint(execution('FAILED', [ran(1, 'charge', 'FAILED')]))
    const dir = await tmp.write({'flow.json': flow})
    const {exitCode, stdout, stderr} = await run([
      `${dir}/flow.json`,
      '--mock',
      'charge={"status": "FAILED", "reason": "card declined"}',
    ])
    expect(exitCode).toBe(10)
    expect(stdout).toMatch(/^1\s+charge\s+SIMPLE\s+FAILED\s+yes$/m)
    expect(stderr).toContain('order_flow FAILED')
    expect(stderr).toContain('Warning: --mock charge: the reason is not recorded')
    const sent = fake.requests.find((r) => r.path === '/api/workflow/test')?.body as {taskRefToMockOutput: Doc}
    expect(sent.taskRefToMockOutput).toEqual({charge: [{status: 'FAILED', output: {}}]})
  })

  it('a task without a mock: still RUNNING (exit 13), where it stopped and a hint; terminated then removed', async () => {
    // read RUNNING before the clean-up terminates it, TERMINATED after
    testEndpoint(waitingForShip, waitingForShip, {...waitingForShip, status: 'TERMINATED', endTime: 1_300})
    const dir = await tmp.write({'flow.json': flow})
    const {doc, exitCode} = await run([`${dir}/flow.json`, '--mock', 'charge={}', '--json'])
    expect(exitCode).toBe(13)
    expect((doc as {waitingForMocks: string[]}).waitingForMocks).toEqual(['ship'])
    const deletes = fake.writes().map((r) => `${r.method} ${r.path}`)
    expect(deletes).toEqual([
      'POST /api/workflow/test',
      'DELETE /api/workflow/wf-1',
      'DELETE /api/workflow/wf-1/remove',
    ])
    const text = await run([`${dir}/flow.json`, '--mock', 'charge={}'])
    expect(text.stderr).toContain(`Hint: add --mock ship='{"output": {...}}'`)
  })

  it('--keep leaves the execution and says how to remove it', async () => {
    testEndpoint(completed)
    const dir = await tmp.write({'flow.json': flow})
    const {stderr, exitCode} = await run([`${dir}/flow.json`, '--mock', 'charge={}', '--mock', 'ship={}', '--keep'])
    expect(exitCode).toBe(0)
    expect(stderr).toContain('Kept the test execution wf-1')
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/workflow/test'])
  })

  it('a registered workflow by NAME and --version; a mock for no task warns', async () => {
    testEndpoint(completed)
    fake.on('GET', '/api/metadata/workflow/order_flow?version=3', {body: served.workflow(flow)})
    const {doc, exitCode} = await run([
      'order_flow',
      '--version',
      '3',
      '--mock',
      'charge={}',
      '--mock',
      'ship={}',
      '--mock',
      'nosuch={}',
      '--json',
    ])
    expect(exitCode).toBe(0)
    expect((doc as {warnings: string[]}).warnings).toEqual([
      '--mock nosuch: the definition has no task with that reference name',
    ])
    expect(fake.requests[0]).toMatchObject({method: 'GET', path: '/api/metadata/workflow/order_flow'})
    expect(fake.requests[0]?.query.get('version')).toBe('3')
  })

  it('refusals before anything is sent: an invalid file, --version with a file, a file-like NAME, a bad mock', async () => {
    testEndpoint(completed)
    const dir = await tmp.write({'flow.json': flow, 'bad.json': {name: 'x', tasks: [{type: 'SIMPLE'}]}})
    const invalid = await run([`${dir}/bad.json`, '--json'])
    expect(invalid.exitCode).toBe(3)
    expect((invalid.doc as {error: {message: string}}).error.message).toContain('nothing was run')
    expect((await run([`${dir}/flow.json`, '--version', '2', '--json'])).exitCode).toBe(2)
    expect((await run(['missing/flow.json', '--json'])).exitCode).toBe(2)
    expect((await run([`${dir}/flow.json`, '--mock', 'charge', '--json'])).exitCode).toBe(2)
    expect(fake.requests).toEqual([])
  })

  it('when removing the execution fails, the failure is reported and the removal tried once more with a warning', async () => {
    // the first declaration that matches answers: this one before the test endpoint's own
    fake.on('DELETE', '/api/workflow/wf-1/remove', error(400, 'cannot remove'))
    testEndpoint(completed)
    const dir = await tmp.write({'flow.json': flow})
    const {exitCode, stderr} = await run([`${dir}/flow.json`, '--mock', 'charge={}', '--mock', 'ship={}'])
    expect(exitCode).toBe(3)
    expect(stderr).toContain('Warning: Could not remove the test execution wf-1')
    expect(fake.requests.filter((r) => r.path === '/api/workflow/wf-1/remove')).toHaveLength(2)
  })

  it('a registered NAME that does not exist is exit 4', async () => {
    fake.on('GET', '/api/metadata/workflow/nosuch', error(404, 'No such workflow found by name: nosuch, version: null'))
    const {exitCode} = await run(['nosuch', '--json'])
    expect(exitCode).toBe(4)
    expect(fake.writes()).toEqual([])
  })
})
