import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cli, serverGet, serverUrl, tempDir, uniqueName} from '../helpers/server-env.js'
import {pollUntil} from '../helpers/poll.js'

interface Report {
  workflowId: string
  status: string
  exitCode: number
  finished: boolean
  output: Record<string, unknown>
  path: {ref: string; type: string; status: string; mocked: boolean}[]
  waitingForMocks: string[]
  removed: boolean
}

const dir = tempDir('conductor-wftest-it-')
const api = () => serverUrl().replace(/\/api$/, '') + '/api'
const registered: string[] = []

/** A SWITCH on the output of a SIMPLE task: `big` and `small` branches, each with a SIMPLE task. */
const switchDef = (name: string) => ({
  name,
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'cli-tests@example.com',
  tasks: [
    {
      name: `${name}_classify`,
      taskReferenceName: 'classify',
      type: 'SIMPLE',
      inputParameters: {amount: '${workflow.input.amount}'},
    },
    {
      name: 'route',
      taskReferenceName: 'route',
      type: 'SWITCH',
      evaluatorType: 'value-param',
      expression: 'size',
      inputParameters: {size: '${classify.output.size}'},
      decisionCases: {
        big: [{name: `${name}_approve`, taskReferenceName: 'approve', type: 'SIMPLE', inputParameters: {}}],
        small: [{name: 'auto', taskReferenceName: 'auto', type: 'SET_VARIABLE', inputParameters: {auto: true}}],
      },
      defaultCase: [],
    },
  ],
  outputParameters: {size: '${classify.output.size}', approvedBy: '${approve.output.by}'},
})

function file(name: string, content: unknown): string {
  const path = join(dir, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  return path
}

async function gone(report: Report): Promise<void> {
  expect(report.removed).toBe(true)
  expect((await serverGet(`/workflow/${report.workflowId}`)).status).toBe(404)
}

afterAll(async () => {
  for (const name of registered)
    await fetch(`${api()}/metadata/workflow/${name}/1`, {method: 'DELETE'}).catch(() => undefined)
})

describe('workflow test', () => {
  it('takes the mocked branch of a SWITCH (file, --mock JSON and @file), shows the path, and removes the execution', async () => {
    const name = uniqueName('it_wft_switch')
    const def = file(`${name}.json`, switchDef(name))
    const approve = file('approve.json', {status: 'COMPLETED', output: {by: 'ada'}})
    const result = await cli([
      'workflow',
      'test',
      def,
      '--input',
      'amount=5000',
      '--mock',
      'classify={"size": "big"}',
      '--mock',
      `approve=@${approve}`,
      '--json',
    ])
    expect(result.exitCode, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as Report
    expect(report).toMatchObject({status: 'COMPLETED', exitCode: 0, output: {size: 'big', approvedBy: 'ada'}})
    expect(report.path.map((s) => [s.ref, s.type, s.status, s.mocked])).toEqual([
      ['classify', 'SIMPLE', 'COMPLETED', true],
      ['route', 'SWITCH', 'COMPLETED', false],
      ['approve', 'SIMPLE', 'COMPLETED', true],
    ])
    await gone(report)
    // nothing left in search either (removed with archiveWorkflow=false; the server drops the index
    // entry on a background thread, so give it a moment)
    const indexed = async () =>
      (await serverGet<{totalHits: number}>(`/workflow/search?query=${encodeURIComponent(`workflowType="${name}"`)}`))
        .body.totalHits
    expect(await pollUntil(indexed, (left) => left === 0, 10_000)).toBe(0)
  })

  it('the other branch, for people: a table of the path on stdout, the final status on stderr', async () => {
    const name = uniqueName('it_wft_small')
    const def = file(`${name}.json`, switchDef(name))
    const result = await cli(['workflow', 'test', def, '--mock', 'classify={"size": "small"}'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/classify\s+SIMPLE\s+COMPLETED\s+yes/)
    expect(result.stdout).toMatch(/route\s+SWITCH\s+COMPLETED/)
    expect(result.stdout).toMatch(/auto\s+SET_VARIABLE\s+COMPLETED/)
    expect(result.stdout).not.toContain('approve')
    expect(result.stderr).toMatch(new RegExp(`${name} COMPLETED in \\d+(ms|\\.\\d+s) \\([0-9a-f-]{36}\\)`))
  })

  it('a registered workflow by NAME; a FAILED mock fails it (exit 10); a list of mocks is one per attempt', async () => {
    const name = uniqueName('it_wft_named')
    const response = await fetch(`${api()}/metadata/workflow`, {
      method: 'PUT',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify([switchDef(name)]),
    })
    expect(response.ok).toBe(true)
    registered.push(name)
    const failed = await cli([
      'workflow',
      'test',
      name,
      '--mock',
      'classify={"status": "FAILED_WITH_TERMINAL_ERROR", "output": {"why": "bad"}}',
      '--json',
    ])
    expect(failed.exitCode).toBe(10)
    const failedReport = JSON.parse(failed.stdout) as Report
    expect(failedReport.path).toEqual([
      expect.objectContaining({ref: 'classify', status: 'FAILED_WITH_TERMINAL_ERROR'}),
    ])
    await gone(failedReport)

    const retried = await cli([
      'workflow',
      'test',
      name,
      '--version',
      '1',
      '--mock',
      'classify=[{"status": "FAILED"}, {"size": "small"}]',
      '--json',
    ])
    expect(retried.exitCode, retried.stderr).toBe(0)
    const retriedReport = JSON.parse(retried.stdout) as Report
    expect(retriedReport.path.map((s) => s.status)).toEqual(['FAILED', 'COMPLETED', 'COMPLETED', 'COMPLETED'])
    await gone(retriedReport)
  })

  it('a task without a mock stops the run: still RUNNING (exit 13), named, and terminated and removed', async () => {
    const name = uniqueName('it_wft_stuck')
    const def = file(`${name}.json`, switchDef(name))
    const result = await cli([
      'workflow',
      'test',
      def,
      '--mock',
      'classify={"size": "big"}',
      '--mock',
      'nosuchref={"x": 1}',
    ])
    expect(result.exitCode).toBe(13)
    // oclif wraps a long warning at the terminal width, continuing with ' ›  '
    expect(result.stderr.replace(/\s*\n\s*›\s*/g, ' ')).toContain(
      '--mock nosuchref: the definition has no task with that reference name',
    )
    expect(result.stderr).toMatch(/is still RUNNING \(([0-9a-f-]{36})\): stopped at approve, no mock \(left\) for it/)
    const id = /is still RUNNING \(([0-9a-f-]{36})\)/.exec(result.stderr)?.[1] as string
    expect((await serverGet(`/workflow/${id}`)).status).toBe(404)
  })

  it('--keep leaves the execution on the server', async () => {
    const name = uniqueName('it_wft_keep')
    const def = file(`${name}.json`, switchDef(name))
    const result = await cli(['workflow', 'test', def, '--mock', 'classify={"size": "small"}', '--keep', '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as Report
    expect(report.removed).toBe(false)
    expect((await serverGet<{status: string}>(`/workflow/${report.workflowId}`)).body.status).toBe('COMPLETED')
    await fetch(`${api()}/workflow/${report.workflowId}/remove?archiveWorkflow=false`, {method: 'DELETE'})
  })

  it('usage errors: malformed mock, bad status, unknown name or file; nothing runs', async () => {
    const name = uniqueName('it_wft_bad')
    const def = file(`${name}.json`, switchDef(name))
    const notJson = await cli(['workflow', 'test', def, '--mock', 'classify={size: big}'])
    expect(notJson.exitCode).toBe(2)
    expect(notJson.stderr).toContain("--mock classify: '{size: big}' is not JSON")
    const badStatus = await cli(['workflow', 'test', def, '--mock', 'classify={"status": "DONE"}'])
    expect(badStatus.exitCode).toBe(2)
    expect(badStatus.stderr).toContain(
      'status "DONE" is not one of COMPLETED, FAILED, FAILED_WITH_TERMINAL_ERROR, IN_PROGRESS',
    )
    expect((await cli(['workflow', 'test', uniqueName('it_wft_missing')])).exitCode).toBe(4)
    expect((await cli(['workflow', 'test', join(dir, 'missing.json')])).exitCode).toBe(2)
    const invalid = await cli([
      'workflow',
      'test',
      file('invalid.json', {name: 'x', version: 1, tasks: [{name: 'a', type: 'SIMPLE'}]}),
    ])
    expect(invalid.exitCode).toBe(3)
    const search = await serverGet<{totalHits: number}>(
      `/workflow/search?query=${encodeURIComponent(`workflowType="${name}"`)}`,
    )
    expect(search.body.totalHits).toBe(0)
  })

  it("a FAILED mock in Conductor's names fails the task (it was taken as output and COMPLETED: a false pass)", async () => {
    const name = uniqueName('it_wft_false_pass')
    const def = file(`${name}.json`, switchDef(name))
    const result = await cli([
      'workflow',
      'test',
      def,
      '--mock',
      'classify={"status":"FAILED","reasonForIncompletion":"boom"}',
      '--json',
    ])
    // FAILED is retried (the task's default retries), so the run stops at the retry, which has no mock left
    expect(result.exitCode, result.stdout).toBe(13)
    const report = JSON.parse(result.stdout) as Report
    expect(report.path[0]).toMatchObject({ref: 'classify', status: 'FAILED', mocked: true})
    expect(report.path.map((s) => s.ref)).not.toContain('route')
    expect(result.stdout).toContain('the reason is not recorded')
    await gone(report)
  })
})

/** A parent whose SUB_WORKFLOW (an inline definition) has a SIMPLE task, with a SIMPLE task after it. */
const subDef = (name: string) => ({
  name,
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'cli-tests@example.com',
  tasks: [
    {
      name: `${name}_pay`,
      taskReferenceName: 'pay',
      type: 'SUB_WORKFLOW',
      subWorkflowParam: {
        name: `${name}_payment`,
        version: 1,
        workflowDefinition: {
          name: `${name}_payment`,
          version: 1,
          schemaVersion: 2,
          tasks: [{name: `${name}_charge`, taskReferenceName: 'charge', type: 'SIMPLE', inputParameters: {}}],
          outputParameters: {charged: '${charge.output.amount}'},
        },
      },
    },
    {name: `${name}_ship`, taskReferenceName: 'ship', type: 'SIMPLE', inputParameters: {}},
  ],
  outputParameters: {charged: '${pay.output.charged}', tracking: '${ship.output.tracking}'},
})

describe('workflow test with a SUB_WORKFLOW (issue 14 item 8, issue 13 item 4)', () => {
  it("without mocks for the sub-workflow's tasks it is refused up front (it used to hang), and nothing is left running", async () => {
    const name = uniqueName('it_wft_sub_refused')
    const def = file(`${name}.json`, subDef(name))
    const started = Date.now()
    const result = await cli(['workflow', 'test', def, '--mock', 'ship={"tracking": "T1"}'])
    expect(result.exitCode, result.stderr).toBe(2)
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(result.stderr).toContain('tasks inside sub-workflows have no mock: pay/charge')
    expect(result.stderr).toContain('--mock pay/charge=')
    const search = await serverGet<{totalHits: number}>(
      `/workflow/search?query=${encodeURIComponent(`workflowType="${name}"`)}`,
    )
    expect(search.body.totalHits).toBe(0)
  })

  it('--mock SUB/REF mocks a task inside the sub-workflow: the run completes and both executions are removed', async () => {
    const name = uniqueName('it_wft_sub')
    const def = file(`${name}.json`, subDef(name))
    const result = await cli(
      ['workflow', 'test', def, '--mock', 'pay/charge={"amount": 20}', '--mock', 'ship={"tracking": "T1"}', '--json'],
      {timeoutMs: 120_000},
    )
    expect(result.exitCode, result.stdout + result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as Report
    expect(report).toMatchObject({status: 'COMPLETED', output: {charged: 20, tracking: 'T1'}})
    expect(report.path.map((s) => [s.ref, s.status])).toEqual([
      ['pay', 'COMPLETED'],
      ['ship', 'COMPLETED'],
    ])
    await gone(report)
    const subs = await serverGet<{totalHits: number}>(
      `/workflow/search?query=${encodeURIComponent(`workflowType="${name}_payment"`)}`,
    )
    expect(
      await pollUntil(
        async () => subs.body.totalHits,
        (n) => n === 0,
        10_000,
      ),
    ).toBe(0)
  })
})
