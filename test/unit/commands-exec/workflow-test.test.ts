import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import WorkflowTest from '../../../src/commands/workflow/test.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {error, fakeConductor, taskDoc, workflowDoc, type Sent} from './fake-conductor.js'

/** `workflow test`: POST /api/workflow/test with mocks, the path it took, then the execution removed. */
const server = mockServer()
const run = (argv: string[]) => runInProcess(WorkflowTest as unknown as CommandClass, argv, server)
type Doc = Record<string, unknown> & {error?: {kind: string; message: string; hint?: string}; warnings?: string[]}

const def = {
  name: 'order_flow',
  version: 1,
  schemaVersion: 2,
  tasks: [
    {name: 'charge', taskReferenceName: 'charge', type: 'SIMPLE', inputParameters: {}},
    {name: 'ship', taskReferenceName: 'ship', type: 'SIMPLE', inputParameters: {}},
  ],
}

let dir: string
let defFile: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cov-exec-wftest-'))
  defFile = join(dir, 'order.json')
  await writeFile(defFile, JSON.stringify(def))
})
afterAll(async () => rm(dir, {recursive: true, force: true}))

/** The execution the test endpoint answers with, also what GET /workflow/{id} returns afterwards. */
const ran = (status: string, tasks: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
  workflowDoc('wf-test', status, {workflowName: 'order_flow', workflowVersion: 1, tasks, ...extra})

const testServer = (execution: Record<string, unknown>) => {
  const fake = fakeConductor(server)
  fake.on('POST', '/workflow/test', {body: execution})
  fake.on('GET', '/workflow/wf-test', {body: execution})
  fake.on('DELETE', '/workflow/wf-test', {})
  fake.on('DELETE', '/workflow/wf-test/remove', {})
  return fake
}

const completedRun = ran('COMPLETED', [
  taskDoc('charge', 'COMPLETED', {seq: 1, workflowTask: {type: 'SIMPLE'}, taskType: 'charge'}),
  taskDoc('ship', 'COMPLETED', {seq: 2, workflowTask: {type: 'SIMPLE'}, taskType: 'ship'}),
])

describe('workflow test FILE', () => {
  it('sends the definition inline with the mocks and input; prints the path; removes the execution', async () => {
    const fake = testServer(completedRun)
    const {stdout, stderr, exitCode} = await run([
      defFile,
      '--input',
      'amount=20',
      '--mock',
      'charge={"output": {"ok": true}}',
      '--mock',
      'ship={"tracking": "T-1"}',
    ])
    expect(exitCode).toBe(0)
    const body = fake.requests('POST', '/workflow/test')[0]?.body as Record<string, unknown>
    expect(body).toMatchObject({
      name: 'order_flow',
      version: 1,
      input: {amount: 20},
      workflowDef: {name: 'order_flow'},
      correlationId: expect.stringMatching(/^conductor-cli-test-/),
      taskRefToMockOutput: {
        charge: [{status: 'COMPLETED', output: {ok: true}}],
        ship: [{status: 'COMPLETED', output: {tracking: 'T-1'}}],
      },
    })
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^SEQ\s+REF\s+TYPE\s+STATUS\s+MOCKED\s+REASON$/)
    expect(lines[1]).toMatch(/^1\s+charge\s+SIMPLE\s+COMPLETED\s+yes$/)
    expect(lines[2]).toMatch(/^2\s+ship\s+SIMPLE\s+COMPLETED\s+yes$/)
    expect(stderr).toContain('order_flow COMPLETED in 4.5s (wf-test)')
    expect(stderr).toContain('Output: {"charged":true}')
    // removed for good (not archived), and not terminated: it had ended
    expect(fake.requests('DELETE', '/workflow/wf-test/remove').map((r) => r.query)).toEqual([
      {archiveWorkflow: 'false'},
    ])
    expect(fake.requests('DELETE', '/workflow/wf-test')).toHaveLength(0)
  })

  it('--json: the report (outcome, path, waitingForMocks, removed)', async () => {
    testServer(completedRun)
    const {doc, exitCode} = await run([defFile, '--mock', 'charge={}', '--mock', 'ship={}', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toMatchObject({
      workflowId: 'wf-test',
      status: 'COMPLETED',
      finished: true,
      exitCode: 0,
      path: [
        {seq: 1, ref: 'charge', type: 'SIMPLE', status: 'COMPLETED', mocked: true},
        {seq: 2, ref: 'ship', type: 'SIMPLE', status: 'COMPLETED', mocked: true},
      ],
      waitingForMocks: [],
      removed: true,
    })
  })

  it('a task without a mock: still RUNNING (13), where it stopped and which mock to add; terminated, then removed', async () => {
    const stopped = ran('RUNNING', [taskDoc('charge', 'COMPLETED', {seq: 1}), taskDoc('ship', 'SCHEDULED', {seq: 2})])
    const fake = testServer(stopped)
    const {stderr, exitCode} = await run([defFile, '--mock', 'charge={}'])
    expect(exitCode).toBe(13)
    expect(stderr).toContain('order_flow is still RUNNING (wf-test): stopped at ship, no mock (left) for it')
    expect(stderr).toContain(`Hint: add --mock ship='{"output": {...}}'`)
    expect(fake.requests('DELETE', '/workflow/wf-test')[0]?.query).toEqual({reason: 'workflow test: cleaning up'})
    expect(fake.requests('DELETE', '/workflow/wf-test/remove')).toHaveLength(1)
  })

  it('a FAILED run: exit 10, the failing task and its reason in the path; --json carries the report', async () => {
    testServer(
      ran('FAILED', [taskDoc('charge', 'FAILED', {seq: 1, reasonForIncompletion: 'declined'})], {
        reasonForIncompletion: 'charge failed',
      }),
    )
    const {doc, exitCode} = await run([defFile, '--mock', 'charge={"status": "FAILED"}', '--json'])
    expect(exitCode).toBe(10)
    expect(doc).toMatchObject({
      status: 'FAILED',
      failedTasks: ['charge'],
      path: [{ref: 'charge', status: 'FAILED', reason: 'declined'}],
      removed: true,
      error: {kind: 'workflowFailed'},
    })
  })

  it('--keep leaves the execution and says how to remove it', async () => {
    const fake = testServer(completedRun)
    const {stderr, exitCode} = await run([defFile, '--mock', 'charge={}', '--mock', 'ship={}', '--keep'])
    expect(exitCode).toBe(0)
    expect(stderr).toContain('Kept the test execution wf-test (`conductor execution delete wf-test --yes` removes it)')
    expect(fake.sent.filter((r) => r.method === 'DELETE')).toHaveLength(0)
  })

  it('a mock for a ref the definition does not have: a warning (in --json too), the test still runs', async () => {
    testServer(completedRun)
    const {doc, exitCode} = await run([
      defFile,
      '--mock',
      'charge={}',
      '--mock',
      'ship={}',
      '--mock',
      'shpi={}',
      '--json',
    ])
    expect(exitCode).toBe(0)
    expect((doc as Doc).warnings).toEqual(['--mock shpi: the definition has no task with that reference name'])
  })

  it('a mock that is not JSON, or --version with a file: usage errors (2), nothing sent', async () => {
    const fake = fakeConductor(server)
    const badMock = await run([defFile, '--mock', 'charge', '--json'])
    expect(badMock.exitCode).toBe(2)
    const version = await run([defFile, '--version', '2', '--json'])
    expect(version.exitCode).toBe(2)
    expect((version.doc as Doc).error?.message).toBe('--version applies to a registered workflow (NAME), not to a file')
    expect(fake.sent).toHaveLength(0)
  })
})

describe('workflow test NAME (registered)', () => {
  it('reads the definition of that version from the server, then tests it', async () => {
    const fake = testServer(completedRun)
    fake.on('GET', '/metadata/workflow/order_flow', {body: {...def, version: 3}})
    const {doc, exitCode} = await run([
      'order_flow',
      '--version',
      '3',
      '--mock',
      'charge={}',
      '--mock',
      'ship={}',
      '--json',
    ])
    expect(exitCode).toBe(0)
    expect(fake.requests('GET', '/metadata/workflow/order_flow')[0]?.query).toEqual({version: '3'})
    expect((fake.requests('POST', '/workflow/test')[0]?.body as {version: number}).version).toBe(3)
    expect(doc).toMatchObject({status: 'COMPLETED'})
  })

  it('a name that looks like a file that is not there: No such file (2)', async () => {
    const fake = fakeConductor(server)
    const {doc, exitCode} = await run([join(dir, 'missing.yaml'), '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Doc).error?.message).toMatch(/^No such file: /)
    expect(fake.sent).toHaveLength(0)
  })

  it('an unknown name: not found (4)', async () => {
    fakeConductor(server).on(
      'GET',
      '/metadata/workflow/nosuch',
      error(404, 'No such workflow found by name: nosuch, version: null'),
    )
    const {exitCode} = await run(['nosuch', '--json'])
    expect(exitCode).toBe(4)
  })
})

describe('sub-workflows', () => {
  const parent = {
    name: 'parent_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [
      {
        name: 'pay',
        taskReferenceName: 'pay',
        type: 'SUB_WORKFLOW',
        subWorkflowParam: {
          name: 'pay_flow',
          workflowDefinition: {
            name: 'pay_flow',
            version: 1,
            schemaVersion: 2,
            tasks: [{name: 'charge', taskReferenceName: 'charge', type: 'SIMPLE', inputParameters: {}}],
          },
        },
      },
    ],
  }
  let parentFile: string
  beforeAll(async () => {
    parentFile = join(dir, 'parent.json')
    await writeFile(parentFile, JSON.stringify(parent))
  })

  it('a task inside a sub-workflow without a mock is refused before anything runs (the request would never answer)', async () => {
    const fake = fakeConductor(server)
    const {doc, exitCode} = await run([parentFile, '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Doc).error?.message).toBe('tasks inside sub-workflows have no mock: pay/charge; nothing was run')
    expect(fake.requests('POST', '/workflow/test')).toHaveLength(0)
  })

  it('mocking the SUB_WORKFLOW task itself is refused: mock the tasks inside it', async () => {
    const {doc, exitCode} = await run([parentFile, '--mock', 'pay={}', '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Doc).error?.hint).toBe(`Mock the tasks inside it instead: --mock pay/REF='{"output": {...}}'.`)
  })

  it('--mock pay/charge goes into subWorkflowTestRequest', async () => {
    const fake = testServer(ran('COMPLETED', [taskDoc('pay', 'COMPLETED', {taskType: 'SUB_WORKFLOW'})]))
    const {exitCode} = await run([parentFile, '--mock', 'pay/charge={"paid": 1}'])
    expect(exitCode).toBe(0)
    const body = fake.requests('POST', '/workflow/test')[0]?.body as Record<string, unknown>
    expect(body.subWorkflowTestRequest).toEqual({
      pay: {
        name: 'pay_flow',
        taskRefToMockOutput: {charge: [{status: 'COMPLETED', output: {paid: 1}}]},
        subWorkflowTestRequest: {},
      },
    })
  })
})

describe('registered sub-workflows and their executions', () => {
  const byName = {
    name: 'parent_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [
      {name: 'pay', taskReferenceName: 'pay', type: 'SUB_WORKFLOW', subWorkflowParam: {name: 'pay_flow', version: 2}},
      {
        name: 'refund',
        taskReferenceName: 'refund',
        type: 'SUB_WORKFLOW',
        subWorkflowParam: {name: 'pay_flow', version: 2},
      },
    ],
  }
  const payFlow = {
    name: 'pay_flow',
    version: 2,
    schemaVersion: 2,
    tasks: [{name: 'charge', taskReferenceName: 'charge', type: 'HTTP', inputParameters: {}}],
  }
  let byNameFile: string
  beforeAll(async () => {
    byNameFile = join(dir, 'by-name.json')
    await writeFile(byNameFile, JSON.stringify(byName))
  })

  it('reads a registered sub-workflow from the server once, and refuses its unmocked tasks', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/metadata/workflow/pay_flow', {body: payFlow})
    const {doc, exitCode} = await run([byNameFile, '--mock', 'pay/charge={}', '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Doc).error?.message).toBe('tasks inside sub-workflows have no mock: refund/charge; nothing was run')
    const reads = fake.requests('GET', '/metadata/workflow/pay_flow')
    expect(reads).toHaveLength(1)
    expect(reads[0]?.query).toEqual({version: '2'})
  })

  it('a sub-workflow the server does not have is not guessed at: the mocks for it are sent as given', async () => {
    const fake = testServer(completedRun)
    fake.on('GET', '/metadata/workflow/pay_flow', error(404, 'No such workflow found by name: pay_flow, version: 2'))
    const {exitCode} = await run([byNameFile, '--mock', 'pay/charge={}', '--json'])
    expect(exitCode).toBe(0)
    const body = fake.requests('POST', '/workflow/test')[0]?.body as {subWorkflowTestRequest: Record<string, unknown>}
    expect(body.subWorkflowTestRequest.pay).toEqual({
      taskRefToMockOutput: {charge: [{status: 'COMPLETED', output: {}}]},
      subWorkflowTestRequest: {},
    })
  })

  it('removes the sub-workflow executions the test started, children before the parent', async () => {
    const withSub = ran('COMPLETED', [taskDoc('pay', 'COMPLETED', {taskType: 'SUB_WORKFLOW', subWorkflowId: 'sub-1'})])
    const fake = testServer(withSub)
    fake.on('GET', '/metadata/workflow/pay_flow', {body: payFlow})
    fake.on('GET', '/workflow/sub-1', {body: workflowDoc('sub-1', 'COMPLETED')})
    fake.on('DELETE', '/workflow/sub-1/remove', {})
    const {exitCode} = await run([byNameFile, '--mock', 'pay/charge={}', '--mock', 'refund/charge={}'])
    expect(exitCode).toBe(0)
    expect(fake.sent.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      '/workflow/sub-1/remove',
      '/workflow/wf-test/remove',
    ])
  })

  it('an execution already gone when it is removed is not an error', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow/test', {body: completedRun})
    fake.on('GET', '/workflow/wf-test', error(404, 'No such workflow found by id: wf-test'))
    const {doc, exitCode} = await run([defFile, '--mock', 'charge={}', '--mock', 'ship={}', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toMatchObject({removed: true})
    expect(fake.sent.filter((r) => r.method === 'DELETE')).toHaveLength(0)
  })
})

describe('a test request that does not answer', () => {
  it('finds what it left by its correlation id, terminates and removes it, and says so (network, 7)', async () => {
    const fake = fakeConductor(server)
    server.pool().intercept({path: '/api/workflow/test', method: 'POST'}).replyWithError(new Error('socket hang up'))
    fake.on('GET', '/workflow/search', (req: Sent) => ({
      body: {
        totalHits: 1,
        results: [
          {workflowId: 'left-1', parentWorkflowId: '', correlationId: /"(.*)"/.exec(req.query.query ?? '')?.[1]},
        ],
      },
    }))
    // as the server: RUNNING until terminated
    let status = 'RUNNING'
    fake.on('GET', '/workflow/left-1', () => ({body: workflowDoc('left-1', status)}))
    fake.on('DELETE', '/workflow/left-1', () => {
      status = 'TERMINATED'
      return {}
    })
    fake.on('DELETE', '/workflow/left-1/remove', {})
    const {doc, stderr, exitCode} = await run([defFile, '--mock', 'charge={}', '--mock', 'ship={}'])
    expect(exitCode).toBe(7)
    expect(doc).toBeUndefined()
    expect(stderr).toContain('Removed 1 execution(s) the test left on the server')
    expect(stderr).toContain('Error: POST /api/workflow/test did not answer')
    expect(stderr).toContain('(the 1 execution(s) it left were removed)')
    const search = fake.requests('GET', '/workflow/search')[0]
    expect(search?.query.query).toMatch(/^correlationId="conductor-cli-test-[0-9a-f-]+"$/)
    expect(fake.requests('DELETE', '/workflow/left-1')).toHaveLength(1)
    expect(fake.requests('DELETE', '/workflow/left-1/remove')[0]?.query).toEqual({archiveWorkflow: 'false'})
  })

  it('when the removal after a run fails, the report stands and a warning says what was left', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow/test', {body: completedRun})
    fake.on('GET', '/workflow/wf-test', {body: completedRun})
    fake.on('DELETE', '/workflow/wf-test/remove', error(403, 'Forbidden'))
    const {stderr, exitCode} = await run([defFile, '--mock', 'charge={}', '--mock', 'ship={}'])
    expect(exitCode).toBe(8)
    expect(stderr).toMatch(/Warning: Could not remove the test execution wf-test: /)
  })
})
