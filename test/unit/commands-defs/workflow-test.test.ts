import {describe, expect, it} from 'vitest'
import WorkflowTest from '../../../src/commands/workflow/test.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {defs, fakeConductor, tempDirs, type Doc, type FakeConductor, type SentRequest} from './fake-conductor.js'

/**
 * `workflow test` against the test endpoint as Conductor runs it (reference §5.4) for a linear
 * workflow of SIMPLE tasks: each task takes its next mock in order; a FAILED mock fails the
 * workflow; a task with no mock left stops the run with the workflow still RUNNING. The execution
 * is stored, so the command must terminate and remove it.
 */
const server = mockServer()
const fake = fakeConductor(server)
const tmp = tempDirs()
const run = (argv: string[]) => runInProcess(WorkflowTest as unknown as CommandClass, argv, server)

type Execution = Doc & {workflowId: string; status: string; tasks: Doc[]}

function testEndpoint(f: FakeConductor): Map<string, Execution> {
  const executions = new Map<string, Execution>()
  f.on('POST', '/api/workflow/test', (r: SentRequest) => {
    const body = r.body as {
      workflowDef: Doc
      input: Doc
      taskRefToMockOutput: Record<string, Doc[]>
      correlationId: string
    }
    const mocks = structuredClone(body.taskRefToMockOutput)
    const tasks: Doc[] = []
    let status = 'COMPLETED'
    let output: Doc = {}
    for (const [i, t] of (body.workflowDef.tasks as Doc[]).entries()) {
      const ref = String(t.taskReferenceName)
      const mock = mocks[ref]?.shift()
      const task = {seq: i + 1, referenceTaskName: ref, taskType: String(t.name), taskId: `task-${i}`, workflowTask: t}
      if (!mock) {
        tasks.push({...task, status: 'SCHEDULED'})
        status = 'RUNNING'
        break
      }
      const taskStatus = String(mock.status ?? 'COMPLETED')
      tasks.push({...task, status: taskStatus, outputData: mock.output ?? {}})
      output = (mock.output as Doc) ?? {}
      if (taskStatus !== 'COMPLETED') {
        status = 'FAILED'
        break
      }
    }
    const id = `wf-${executions.size + 1}`
    const execution: Execution = {
      workflowId: id,
      workflowName: String(body.workflowDef.name),
      correlationId: body.correlationId,
      status,
      startTime: 1_000,
      ...(status === 'RUNNING' ? {} : {endTime: 1_250}),
      input: body.input,
      output: status === 'COMPLETED' ? output : {},
      tasks,
    }
    executions.set(id, execution)
    return {status: 200, body: execution}
  })
  f.on('GET', /^\/api\/workflow\/wf-\d+$/, (r) => {
    const e = executions.get(r.path.split('/')[3] as string)
    return e
      ? {status: 200, body: e}
      : {status: 404, body: {status: 404, message: `No such workflow found by id: ${r.path}`}}
  })
  f.on('DELETE', /^\/api\/workflow\/wf-\d+$/, (r) => {
    const e = executions.get(r.path.split('/')[3] as string)
    if (e) e.status = 'TERMINATED'
    return {status: 200}
  })
  f.on('DELETE', /^\/api\/workflow\/wf-\d+\/remove$/, (r) => {
    executions.delete(r.path.split('/')[3] as string)
    return {status: 200}
  })
  return executions
}

const flow = defs.workflow('order_flow', 3, [defs.simple('charge'), defs.simple('ship')])

describe('workflow test', () => {
  it('a file with every task mocked: COMPLETED (exit 0), the path, the mocks sent, the execution removed', async () => {
    const executions = testEndpoint(fake)
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
    expect(executions.size).toBe(0)
    expect(fake.requests.some((r) => r.method === 'DELETE' && r.path === '/api/workflow/wf-1/remove')).toBe(true)
  })

  it('a FAILED mock fails the run: exit 10; a reason is not sent (the endpoint ignores it) and a warning says so', async () => {
    testEndpoint(fake)
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
    const executions = testEndpoint(fake)
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
    expect(executions.size).toBe(0)
    const text = await run([`${dir}/flow.json`, '--mock', 'charge={}'])
    expect(text.stderr).toContain(`Hint: add --mock ship='{"output": {...}}'`)
  })

  it('--keep leaves the execution and says how to remove it', async () => {
    const executions = testEndpoint(fake)
    const dir = await tmp.write({'flow.json': flow})
    const {stderr, exitCode} = await run([`${dir}/flow.json`, '--mock', 'charge={}', '--mock', 'ship={}', '--keep'])
    expect(exitCode).toBe(0)
    expect(stderr).toContain('Kept the test execution wf-1')
    expect(executions.has('wf-1')).toBe(true)
  })

  it('a registered workflow by NAME and --version; a mock for no task warns', async () => {
    testEndpoint(fake)
    fake.addWorkflow(flow)
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
    testEndpoint(fake)
    const dir = await tmp.write({'flow.json': flow, 'bad.json': {name: 'x', tasks: [{type: 'SIMPLE'}]}})
    const invalid = await run([`${dir}/bad.json`, '--json'])
    expect(invalid.exitCode).toBe(3)
    expect((invalid.doc as {error: {message: string}}).error.message).toContain('nothing was run')
    expect((await run([`${dir}/flow.json`, '--version', '2', '--json'])).exitCode).toBe(2)
    expect((await run(['missing/flow.json', '--json'])).exitCode).toBe(2)
    expect((await run([`${dir}/flow.json`, '--mock', 'charge', '--json'])).exitCode).toBe(2)
    expect(fake.writes()).toEqual([])
  })

  it('when removing the execution fails, the failure is reported and the removal tried once more with a warning', async () => {
    // routes are tried in the order they were added: this one before the test endpoint's own
    fake.on('DELETE', /^\/api\/workflow\/wf-\d+\/remove$/, () => ({
      status: 400,
      body: {status: 400, message: 'cannot remove'},
    }))
    testEndpoint(fake)
    const dir = await tmp.write({'flow.json': flow})
    const {exitCode, stderr} = await run([`${dir}/flow.json`, '--mock', 'charge={}', '--mock', 'ship={}'])
    expect(exitCode).toBe(3)
    expect(stderr).toContain('Warning: Could not remove the test execution wf-1')
    expect(fake.requests.filter((r) => r.path === '/api/workflow/wf-1/remove')).toHaveLength(2)
  })

  it('a registered NAME that does not exist is exit 4', async () => {
    const {exitCode} = await run(['nosuch', '--json'])
    expect(exitCode).toBe(4)
  })
})
