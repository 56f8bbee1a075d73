import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {CliError} from '../../../src/lib/errors.js'
import {reportNotes, runTest, type TestAsk, type TestReport} from '../../../src/lib/executions/workflow-test-run.js'
import {mockServer} from '../../helpers/mock-server.js'

const server = mockServer()
const JSON_HEADERS = {headers: {'content-type': 'application/json'}}
const def = {
  name: 'orders',
  version: 1,
  schemaVersion: 2,
  tasks: [{name: 'charge', taskReferenceName: 'charge', type: 'SIMPLE'}],
}
const defFile = () => {
  const file = join(mkdtempSync(join(tmpdir(), 'wt-')), 'orders.json')
  writeFileSync(file, JSON.stringify(def))
  return file
}
const ask = (over: Partial<TestAsk> = {}): TestAsk => ({
  target: defFile(),
  mocks: ['charge={"output": {"ok": true}}'],
  keep: false,
  ...over,
})
const executed = (status: string) => ({
  workflowId: 'wf1',
  workflowName: 'orders',
  status,
  output: {ok: true},
  tasks: [
    {
      taskId: 't1',
      seq: 1,
      referenceTaskName: 'charge',
      taskType: 'charge',
      status: status === 'COMPLETED' ? 'COMPLETED' : 'FAILED',
      workflowTask: {type: 'SIMPLE'},
    },
  ],
})

/** The server: the test endpoint answers `status`; the execution is then read and removed. */
function serve(status: string): string[] {
  const sent: string[] = []
  const pool = server.pool()
  pool
    .intercept({path: '/api/workflow/test', method: 'POST'})
    .reply(200, (opts) => (sent.push(`POST ${String(opts.body)}`), executed(status)), JSON_HEADERS)
  pool
    .intercept({path: '/api/workflow/wf1?includeTasks=true', method: 'GET'})
    .reply(200, executed(status), JSON_HEADERS)
    .persist()
  pool
    .intercept({path: (p) => p.startsWith('/api/workflow/wf1/remove'), method: 'DELETE'})
    .reply(200, (opts) => (sent.push(`DELETE ${opts.path}`), ''))
  return sent
}

function hooks() {
  const seen = {notes: [] as string[], warnings: [] as string[], reports: [] as TestReport[]}
  return {
    seen,
    hooks: {
      warn: (m: string) => void seen.warnings.push(m),
      note: (m: string) => void seen.notes.push(m),
      problems: (t: string) => void seen.notes.push(t),
      report: async (r: TestReport) => void seen.reports.push(structuredClone(r)),
    },
  }
}

describe('runTest', () => {
  it('runs the file with its mocks, reports the path before removing the execution', async () => {
    const sent = serve('COMPLETED')
    const {hooks: h, seen} = hooks()
    const report = await runTest(async () => server.client(), ask(), h)
    expect(report).toMatchObject({status: 'COMPLETED', removed: true, waitingForMocks: []})
    expect(report.path).toEqual([{seq: 1, ref: 'charge', type: 'SIMPLE', status: 'COMPLETED', mocked: true}])
    expect(seen.reports[0]?.removed).toBe(false)
    expect(sent[0]).toContain('"taskRefToMockOutput"')
    expect(sent[1]).toMatch(/^DELETE \/api\/workflow\/wf1\/remove\?archiveWorkflow=false/)
  })

  it('a failed run ends with its error, the report as the result, the execution removed', async () => {
    serve('FAILED')
    const error = await runTest(async () => server.client(), ask(), hooks().hooks).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CliError)
    expect((error as CliError).quiet).toBe(true)
    expect(((error as CliError).result as TestReport).removed).toBe(true)
  })

  it('--keep leaves the execution and says how to remove it', async () => {
    serve('COMPLETED')
    const {hooks: h, seen} = hooks()
    const report = await runTest(async () => server.client(), ask({keep: true}), h)
    expect(report.removed).toBe(false)
    expect(seen.notes).toContain('Kept the test execution wf1 (`conductor execution delete wf1 --yes` removes it)')
  })

  it('refuses --version with a file and a path that is not a file, before connecting', async () => {
    let connected = false
    const connect = async () => ((connected = true), server.client())
    const version = await runTest(connect, ask({version: 2}), hooks().hooks).catch((e: unknown) => e)
    expect((version as CliError).message).toBe('--version applies to a registered workflow (NAME), not to a file')
    expect(connected).toBe(false)
    const missing = await runTest(connect, ask({target: 'nosuch.json'}), hooks().hooks).catch((e: unknown) => e)
    expect((missing as CliError).message).toBe('No such file: nosuch.json')
  })
})

describe('reportNotes', () => {
  const base = {workflowId: 'wf1', workflowName: 'orders', path: [], removed: true, exitCode: 0, output: {}}
  it('finished: the outcome line and the output', () => {
    const notes = reportNotes({
      ...base,
      status: 'COMPLETED',
      finished: true,
      output: {a: 1},
      waitingForMocks: [],
    } as TestReport)
    expect(notes).toHaveLength(2)
    expect(notes[1]).toBe('Output: {"a":1}')
  })
  it('still running: where it stopped and the mock to add', () => {
    const notes = reportNotes({...base, status: 'RUNNING', finished: false, waitingForMocks: ['ship']} as TestReport)
    expect(notes).toEqual([
      'orders is still RUNNING (wf1): stopped at ship, no mock (left) for it',
      `Hint: add --mock ship='{"output": {...}}' (a list gives one result per attempt)`,
    ])
  })
})
