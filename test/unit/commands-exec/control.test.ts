import {Readable} from 'node:stream'
import {describe, expect, it, vi} from 'vitest'
import ExecutionDelete from '../../../src/commands/execution/delete.js'
import ExecutionPause from '../../../src/commands/execution/pause.js'
import ExecutionRestart from '../../../src/commands/execution/restart.js'
import ExecutionResume from '../../../src/commands/execution/resume.js'
import ExecutionRetry from '../../../src/commands/execution/retry.js'
import ExecutionTerminate from '../../../src/commands/execution/terminate.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {error, fakeConductor, SQLITE_CONFIG, summaryRow} from './fake-conductor.js'

const server = mockServer()
const run = (command: unknown, argv: string[]) => runInProcess(command as CommandClass, argv, server)
type Doc = {result?: unknown; error?: {kind: string; exitCode: number; message: string; hint?: string}}

/** `-` reads ids from stdin: give the command this text as its stdin. */
const withStdin = (text: string) => {
  vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([text]) as unknown as typeof process.stdin)
}

describe('one id: its own endpoint', () => {
  it('pause: PUT /workflow/{id}/pause; a table row in text, a list under --json', async () => {
    const fake = fakeConductor(server)
    fake.on('PUT', '/workflow/wf-1/pause', {})
    const text = await run(ExecutionPause, ['wf-1'])
    expect(text.exitCode).toBe(0)
    expect(text.stdout).toMatch(/^ID\s+OK\s+MESSAGE\nwf-1\s+yes\s+paused\n$/)
    const json = await run(ExecutionPause, ['wf-1', '--json'])
    expect(json.doc).toEqual([{id: 'wf-1', ok: true, message: 'paused'}])
    expect(fake.requests('PUT', '/workflow/wf-1/pause')).toHaveLength(2)
    expect(fake.sent.every((r) => r.body === undefined)).toBe(true)
  })

  it('-o csv, -o jsonl, -o json and -o yaml print the same results', async () => {
    fakeConductor(server).on('PUT', '/workflow/wf-1/resume', {})
    const csv = await run(ExecutionResume, ['wf-1', '-o', 'csv'])
    expect(csv.stdout.trim().split('\n')).toEqual(['ID,OK,Message', 'wf-1,yes,resumed'])
    const jsonl = await run(ExecutionResume, ['wf-1', '-o', 'jsonl'])
    expect(JSON.parse(jsonl.stdout)).toEqual({id: 'wf-1', ok: true, message: 'resumed'})
    const json = await run(ExecutionResume, ['wf-1', '-o', 'json'])
    expect(JSON.parse(json.stdout)).toEqual([{id: 'wf-1', ok: true, message: 'resumed'}])
    const yaml = await run(ExecutionResume, ['wf-1', '-o', 'yaml'])
    expect(yaml.stdout).toBe('- id: wf-1\n  ok: true\n  message: resumed\n')
  })

  it('pause of an ended workflow: the refusal explained from its status (conflict, 5)', async () => {
    const fake = fakeConductor(server)
    fake.on('PUT', '/workflow/wf-2/pause', error(409, 'Workflow wf-2 has ended, status cannot be updated.'))
    fake.on('GET', '/workflow/wf-2/status', {body: {workflowId: 'wf-2', status: 'FAILED'}})
    const {doc, exitCode, stderr} = await run(ExecutionPause, ['wf-2', '--json'])
    expect(exitCode).toBe(5)
    const d = doc as Doc
    expect(d.error).toMatchObject({
      kind: 'conflict',
      message: 'pause only applies to RUNNING workflows; this one is FAILED',
      hint: expect.stringContaining('conductor execution retry wf-2'),
    })
    expect(d.result).toEqual([expect.objectContaining({id: 'wf-2', ok: false, kind: 'conflict'})])
    expect(stderr).toBe('')
    // the pause is sent once; the status is read to explain the refusal
    expect(fake.requests('PUT', '/workflow/wf-2/pause')).toHaveLength(1)
    expect(fake.requests('GET', '/workflow/wf-2/status')).toHaveLength(1)
  })

  it('text: the failing row in the table, then Error and Hint on stderr', async () => {
    const fake = fakeConductor(server)
    fake.on(
      'PUT',
      '/workflow/wf-3/resume',
      error(500, 'The workflow wf-3 is not PAUSED so cannot resume. Current status is RUNNING.'),
    )
    fake.on('GET', '/workflow/wf-3/status', {body: {workflowId: 'wf-3', status: 'RUNNING'}})
    const {stdout, stderr, exitCode} = await run(ExecutionResume, ['wf-3'])
    expect(exitCode).toBe(5)
    expect(stdout).toMatch(/wf-3\s+no\s+resume only applies to PAUSED workflows; this one is RUNNING/)
    expect(stderr).toContain('Error: resume only applies to PAUSED workflows; this one is RUNNING')
    expect(stderr).toContain('Hint: It is already running; nothing to resume.')
  })

  it('an unknown id is not found (4) without a status lookup', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow/nosuch/retry', error(404, 'No such workflow found by id: nosuch'))
    const {doc, exitCode} = await run(ExecutionRetry, ['nosuch', '--json'])
    expect(exitCode).toBe(4)
    expect((doc as Doc).error).toMatchObject({kind: 'notFound', message: 'no execution with id nosuch'})
    expect(fake.sent).toHaveLength(1)
  })

  it('retry sends resumeSubworkflowTasks; a retry with nothing to retry is a conflict that suggests restart', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow/wf-4/retry', (req) =>
      req.query.resumeSubworkflowTasks === 'true'
        ? {status: 204}
        : error(
            409,
            'There are no retryable tasks! Use restart if you want to attempt entire workflow execution again.',
          ),
    )
    fake.on('GET', '/workflow/wf-4/status', {body: {workflowId: 'wf-4', status: 'COMPLETED'}})
    const ok = await run(ExecutionRetry, ['wf-4', '--resume-subworkflow-tasks', '--json'])
    expect(ok.exitCode).toBe(0)
    expect(ok.doc).toEqual([{id: 'wf-4', ok: true, message: 'retrying from the failed task (RUNNING again)'}])
    const refused = await run(ExecutionRetry, ['wf-4', '--json'])
    expect(refused.exitCode).toBe(5)
    expect((refused.doc as Doc).error).toMatchObject({
      message: 'nothing to retry in wf-4: no task failed or was cancelled',
      hint: expect.stringContaining('conductor execution restart wf-4'),
    })
    expect(fake.requests('POST', '/workflow/wf-4/retry').map((r) => r.query)).toEqual([
      {resumeSubworkflowTasks: 'true'},
      {resumeSubworkflowTasks: 'false'},
    ])
  })
})

describe('commands that always ask: restart, terminate, delete', () => {
  it('without --yes and without a terminal: usage (2) naming --yes, and nothing is sent', async () => {
    for (const command of [ExecutionRestart, ExecutionTerminate, ExecutionDelete]) {
      const fake = fakeConductor(server)
      const {doc, exitCode} = await run(command, ['wf-1', '--json'])
      expect(exitCode).toBe(2)
      expect((doc as Doc).error?.message).toContain('needs --yes')
      expect(fake.sent).toHaveLength(0)
    }
  })

  it('restart -y --use-latest-definition', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow/wf-5/restart', {status: 204})
    const {doc, exitCode} = await run(ExecutionRestart, ['wf-5', '-y', '--use-latest-definition', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toEqual([{id: 'wf-5', ok: true, message: 'restarted with the latest definition'}])
    expect(fake.sent[0]?.query).toEqual({useLatestDefinitions: 'true'})
  })

  it('restart of a running workflow: conflict naming terminate', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow/wf-6/restart', error(409, 'Workflow: wf-6 is not in terminal state, cannot restart.'))
    fake.on('GET', '/workflow/wf-6/status', {body: {workflowId: 'wf-6', status: 'RUNNING'}})
    const {doc, exitCode} = await run(ExecutionRestart, ['wf-6', '--yes', '--json'])
    expect(exitCode).toBe(5)
    expect((doc as Doc).error?.hint).toContain('conductor execution terminate wf-6')
  })

  it('terminate --reason: DELETE /workflow/{id}?reason=…', async () => {
    const fake = fakeConductor(server)
    fake.on('DELETE', '/workflow/wf-7', {})
    const {doc, exitCode} = await run(ExecutionTerminate, ['wf-7', '--reason', 'stuck on charge', '-y', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toEqual([{id: 'wf-7', ok: true, message: 'terminated'}])
    expect(fake.sent).toEqual([
      {method: 'DELETE', path: '/workflow/wf-7', query: {reason: 'stuck on charge'}, body: undefined},
    ])
  })

  it('terminate of a COMPLETED workflow: there is nothing to terminate (5)', async () => {
    const fake = fakeConductor(server)
    fake.on('DELETE', '/workflow/wf-8', error(409, 'Cannot terminate a COMPLETED workflow.'))
    fake.on('GET', '/workflow/wf-8/status', {body: {workflowId: 'wf-8', status: 'COMPLETED'}})
    const {doc, exitCode} = await run(ExecutionTerminate, ['wf-8', '-y', '--json'])
    expect(exitCode).toBe(5)
    expect((doc as Doc).error?.message).toBe('wf-8 already COMPLETED; there is nothing to terminate')
  })

  it('terminate --trigger-failure-workflow on Conductor OSS (no /api/token) is refused before anything is terminated', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/token', error(404, 'No static resource api/token.'))
    fake.on('DELETE', '/workflow/wf-9', {})
    const {doc, exitCode} = await run(ExecutionTerminate, ['wf-9', '--trigger-failure-workflow', '-y', '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Doc).error?.message).toContain('this server is Conductor OSS')
    expect(fake.requests('DELETE', '/workflow/wf-9')).toHaveLength(0)
  })

  it('terminate --trigger-failure-workflow on Orkes sends the parameter', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/token', error(401, 'Invalid credentials'))
    fake.on('DELETE', '/workflow/wf-9', {})
    const {exitCode} = await run(ExecutionTerminate, ['wf-9', '--trigger-failure-workflow', '-y', '--json'])
    expect(exitCode).toBe(0)
    expect(fake.requests('DELETE', '/workflow/wf-9')[0]?.query).toEqual({triggerFailureWorkflow: 'true'})
  })

  it('delete drops by default and archives with --archive (archiveWorkflow is sent either way)', async () => {
    const fake = fakeConductor(server)
    fake.on('DELETE', '/workflow/wf-10/remove', {})
    expect((await run(ExecutionDelete, ['wf-10', '-y', '--json'])).doc).toEqual([
      {id: 'wf-10', ok: true, message: 'deleted'},
    ])
    expect((await run(ExecutionDelete, ['wf-10', '-y', '--archive', '--json'])).doc).toEqual([
      {id: 'wf-10', ok: true, message: 'deleted (archived)'},
    ])
    expect(fake.sent.map((r) => r.query.archiveWorkflow)).toEqual(['false', 'true'])
  })

  it('delete --archive of a running workflow: only an ended workflow can be archived', async () => {
    const fake = fakeConductor(server)
    fake.on('DELETE', '/workflow/wf-11/remove', error(400, 'Cannot archive workflow: wf-11 with status: RUNNING'))
    fake.on('GET', '/workflow/wf-11/status', {body: {workflowId: 'wf-11', status: 'RUNNING'}})
    const {doc, exitCode} = await run(ExecutionDelete, ['wf-11', '-y', '--archive', '--json'])
    expect(exitCode).toBe(5)
    expect((doc as Doc).error?.message).toBe('wf-11 is RUNNING: only an ended workflow can be archived')
  })
})

describe('several ids: the bulk endpoints', () => {
  it('ids as arguments go in one bulk request; a partial failure exits 9 with a summary on stderr', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow/bulk/retry', {
      body: {
        bulkErrorResults: {'wf-b': 'Workflow is still running.  status=RUNNING'},
        bulkSuccessfulResults: ['wf-a', 'wf-c'],
      },
    })
    const {stdout, stderr, exitCode} = await run(ExecutionRetry, ['wf-a', 'wf-b', 'wf-c', 'wf-a'])
    expect(exitCode).toBe(9)
    expect(fake.sent).toHaveLength(1)
    // repeats dropped, order kept
    expect(fake.sent[0]?.body).toEqual(['wf-a', 'wf-b', 'wf-c'])
    const rows = stdout.trim().split('\n').slice(1)
    expect(rows[0]).toMatch(/^wf-a\s+yes\s+retrying from the failed task/)
    expect(rows[1]).toMatch(
      /^wf-b\s+no\s+retry only applies to FAILED, TIMED_OUT or TERMINATED workflows; this one is RUNNING/,
    )
    expect(rows[2]).toMatch(/^wf-c\s+yes/)
    expect(stderr).toContain('2 retried, 1 failed')
    expect(stderr).toContain('Error: retry: 1 of 3 failed (wf-b: retry only applies')
  })

  it('when every id fails the same way the exit code is that kind (all not found: 4)', async () => {
    const fake = fakeConductor(server)
    fake.on('PUT', '/workflow/bulk/pause', {
      body: {
        bulkErrorResults: {x: 'No such workflow found by id: x', y: 'No such workflow found by id: y'},
        bulkSuccessfulResults: [],
      },
    })
    const {doc, exitCode} = await run(ExecutionPause, ['x', 'y', '--json'])
    expect(exitCode).toBe(4)
    expect((doc as Doc).result).toEqual([
      {id: 'x', ok: false, message: 'no execution with id x', kind: 'notFound', hint: expect.any(String)},
      {id: 'y', ok: false, message: 'no execution with id y', kind: 'notFound', hint: expect.any(String)},
    ])
    expect(fake.requests('GET', /\/status$/)).toHaveLength(0)
  })

  it('restart and delete carry their settings on the bulk endpoints', async () => {
    const fake = fakeConductor(server)
    const ok = (req: {body: unknown}) => ({body: {bulkErrorResults: {}, bulkSuccessfulResults: req.body}})
    fake.on('POST', '/workflow/bulk/restart', ok)
    fake.on('DELETE', '/workflow/bulk/remove', ok)
    fake.on('POST', '/workflow/bulk/terminate', ok)
    expect((await run(ExecutionRestart, ['a', 'b', '-y', '--json'])).exitCode).toBe(0)
    expect((await run(ExecutionDelete, ['a', 'b', '-y', '--json'])).exitCode).toBe(0)
    expect((await run(ExecutionTerminate, ['a', 'b', '-y', '--reason', 'cleanup', '--json'])).exitCode).toBe(0)
    expect(fake.sent.map((r) => [r.method, r.path, r.query, r.body])).toEqual([
      ['POST', '/workflow/bulk/restart', {useLatestDefinitions: 'false'}, ['a', 'b']],
      ['DELETE', '/workflow/bulk/remove', {archiveWorkflow: 'false'}, ['a', 'b']],
      ['POST', '/workflow/bulk/terminate', {reason: 'cleanup'}, ['a', 'b']],
    ])
  })

  it('retry --resume-subworkflow-tasks with several ids goes one id at a time (bulk cannot)', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', /^\/workflow\/[^/]+\/retry$/, {status: 204})
    const {doc, exitCode} = await run(ExecutionRetry, ['a', 'b', 'c', '--resume-subworkflow-tasks', '--json'])
    expect(exitCode).toBe(0)
    expect((doc as unknown[]).length).toBe(3)
    expect(fake.sent.map((r) => r.path).sort()).toEqual(['/workflow/a/retry', '/workflow/b/retry', '/workflow/c/retry'])
    expect(fake.sent.every((r) => r.query.resumeSubworkflowTasks === 'true')).toBe(true)
  })

  it('ids the bulk answer does not report on are failures (server, 6), never taken as done', async () => {
    fakeConductor(server).on('PUT', '/workflow/bulk/resume', {
      body: {bulkErrorResults: {}, bulkSuccessfulResults: ['a']},
    })
    const {doc, exitCode} = await run(ExecutionResume, ['a', 'b', '--json'])
    expect(exitCode).toBe(9)
    expect((doc as Doc).result).toEqual([
      {id: 'a', ok: true, message: 'resumed'},
      {id: 'b', ok: false, message: 'the server did not report on this id', kind: 'server'},
    ])
  })

  it('an answer that is not a bulk response fails every id of the request (server, 6)', async () => {
    fakeConductor(server).on('PUT', '/workflow/bulk/resume', {
      body: {bulkErrorResults: ['a'], bulkSuccessfulResults: []},
    })
    const {doc, exitCode} = await run(ExecutionResume, ['a', 'b', '--json'])
    expect(exitCode).toBe(6)
    const results = (doc as Doc).result as {message: string}[]
    expect(results).toHaveLength(2)
    expect(results[0]?.message).toContain('not a bulk response')
  })

  it('a refusal every later request would meet too (401) stops the run: what was done, and why', async () => {
    fakeConductor(server).on('PUT', '/workflow/bulk/pause', error(401, 'Unauthorized'))
    const {stderr, exitCode} = await run(ExecutionPause, ['a', 'b'])
    expect(exitCode).toBe(8)
    expect(stderr).toContain('Stopped after 0 of 2; the rest were not sent.')
  })
})

describe('ids on stdin (`-`)', () => {
  it('reads ids (any whitespace, repeats dropped), lists them, and needs --yes without a terminal', async () => {
    const fake = fakeConductor(server)
    fake.on('PUT', '/workflow/bulk/resume', (req) => ({
      body: {bulkErrorResults: {}, bulkSuccessfulResults: req.body},
    }))
    withStdin('wf-1\nwf-2 wf-3\n\nwf-1\n')
    const refused = await run(ExecutionResume, ['-'])
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toContain('3 executions on stdin:\n  wf-1\n  wf-2\n  wf-3')
    expect(refused.stderr).toContain('needs --yes')
    expect(fake.sent).toHaveLength(0)

    withStdin('wf-1\nwf-2 wf-3\n\nwf-1\n')
    const done = await run(ExecutionResume, ['-', '--yes'])
    expect(done.exitCode).toBe(0)
    expect(fake.sent[0]?.body).toEqual(['wf-1', 'wf-2', 'wf-3'])
    expect(done.stderr).toContain('3 resumed')
  })

  it('--dry-run of thousands of ids on stdin streams them all, in order', async () => {
    const fake = fakeConductor(server)
    const ids = Array.from({length: 2500}, (_, i) => `wf-${i}`)
    withStdin(ids.join('\n'))
    const {stdout, stderr, exitCode} = await run(ExecutionRetry, ['-', '--dry-run'])
    expect(exitCode).toBe(0)
    expect(stdout).toBe(ids.join('\n') + '\n')
    expect(stderr).toContain('2500 executions on stdin:')
    expect(stderr).toContain('  … and 2495 more')
    expect(stderr).toContain('Dry run: 2500 executions would be retried; nothing was sent.')
    expect(fake.sent).toHaveLength(0)
  })

  it('more ids than one bulk request takes go in chunks of 250, every id answered once', async () => {
    const fake = fakeConductor(server)
    fake.on('PUT', '/workflow/bulk/pause', (req) => ({
      body: {bulkErrorResults: {}, bulkSuccessfulResults: req.body},
    }))
    const ids = Array.from({length: 600}, (_, i) => `wf-${i}`)
    withStdin(ids.join(' '))
    const {doc, exitCode} = await run(ExecutionPause, ['-', '--yes', '--json'])
    expect(exitCode).toBe(0)
    expect((doc as {id: string}[]).map((r) => r.id)).toEqual(ids)
    expect(fake.sent.map((r) => (r.body as string[]).length)).toEqual([250, 250, 100])
  })

  it('one id on stdin goes to its own endpoint', async () => {
    const fake = fakeConductor(server)
    fake.on('PUT', '/workflow/only/pause', {})
    withStdin('only\n')
    const {doc, exitCode} = await run(ExecutionPause, ['-', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toEqual([{id: 'only', ok: true, message: 'paused'}])
  })

  it('a table piped in (search without --ids) is refused before anything is sent', async () => {
    const fake = fakeConductor(server)
    withStdin('ID      WORKFLOW  STATUS\nwf-1    orders    FAILED\n')
    const {doc, exitCode} = await run(ExecutionRetry, ['-', '--yes', '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Doc).error?.message).toBe('stdin does not look like a list of ids (found "ID")')
    expect(fake.sent).toHaveLength(0)
  })

  it('empty stdin: nothing to do, exit 0', async () => {
    withStdin('\n')
    const {stderr, exitCode, stdout} = await run(ExecutionPause, ['-'])
    expect(exitCode).toBe(0)
    expect(stdout).toBe('')
    expect(stderr).toContain('No ids on stdin; nothing to pause.')
  })

  it('`-` together with ids is a usage error', async () => {
    const {doc, exitCode} = await run(ExecutionPause, ['-', 'wf-1', '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Doc).error?.message).toContain('cannot be combined')
  })
})

describe('--query: the executions a search finds', () => {
  const found = (rows: Record<string, unknown>[]) => {
    const fake = fakeConductor(server)
    fake.on('GET', '/admin/config', SQLITE_CONFIG)
    fake.on('GET', '/workflow/search', {body: {totalHits: rows.length, results: rows}})
    return fake
  }
  const rows = [
    summaryRow('wf-1', 'FAILED', {startTime: '2026-11-27T10:00:03.000Z'}),
    summaryRow('wf-2', 'FAILED', {startTime: '2026-11-27T10:00:02.000Z'}),
    summaryRow('wf-3', 'TIMED_OUT', {startTime: '2026-11-27T10:00:01.000Z'}),
  ]

  it('--dry-run prints the ids on stdout and changes nothing', async () => {
    const fake = found(rows)
    const {stdout, stderr, exitCode} = await run(ExecutionRetry, [
      '--query',
      'status in (FAILED, TIMED_OUT) and workflow=orders',
      '--dry-run',
    ])
    expect(exitCode).toBe(0)
    expect(stdout).toBe('wf-1\nwf-2\nwf-3\n')
    expect(stderr).toMatch(
      /3 executions match status in \(FAILED, TIMED_OUT\) and workflow=orders:\n\s+wf-1\s+orders\s+FAILED/,
    )
    expect(stderr).toContain('Dry run: 3 executions would be retried; nothing was sent.')
    const search = fake.requests('GET', '/workflow/search')
    expect(search).toHaveLength(1)
    expect(search[0]?.query.query).toBe('status IN (FAILED,TIMED_OUT) AND workflowType="orders"')
    expect(search[0]?.query.sort).toMatch(/^startTime:DESC/)
    expect(fake.sent.filter((r) => r.method !== 'GET')).toHaveLength(0)
  })

  it('--dry-run --json: {dryRun, operation, count, ids}', async () => {
    found(rows)
    const {doc, exitCode} = await run(ExecutionTerminate, ['--query', 'status=FAILED', '--dry-run', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toEqual({dryRun: true, operation: 'terminate', count: 3, ids: ['wf-1', 'wf-2', 'wf-3']})
  })

  it('with --yes: the found ids go to the bulk endpoint', async () => {
    const fake = found(rows)
    fake.on('POST', '/workflow/bulk/retry', (req) => ({body: {bulkErrorResults: {}, bulkSuccessfulResults: req.body}}))
    const {doc, exitCode} = await run(ExecutionRetry, ['--query', 'status=FAILED', '--yes', '--json'])
    expect(exitCode).toBe(0)
    expect((doc as {id: string}[]).map((r) => r.id)).toEqual(['wf-1', 'wf-2', 'wf-3'])
    expect(fake.requests('POST', '/workflow/bulk/retry')[0]?.body).toEqual(['wf-1', 'wf-2', 'wf-3'])
  })

  it('without --yes it lists them and refuses (2)', async () => {
    const fake = found(rows)
    const {stderr, exitCode} = await run(ExecutionPause, ['--query', 'status=RUNNING'])
    expect(exitCode).toBe(2)
    expect(stderr).toContain('3 executions match status=RUNNING:')
    expect(fake.sent.filter((r) => r.method !== 'GET')).toHaveLength(0)
  })

  it('no match: nothing to do, exit 0 (and an empty dry run under --json)', async () => {
    found([])
    const text = await run(ExecutionPause, ['--query', 'status=RUNNING'])
    expect(text.exitCode).toBe(0)
    expect(text.stderr).toContain('No executions match status=RUNNING; nothing to pause.')
    found([])
    const json = await run(ExecutionPause, ['--query', 'status=RUNNING', '--dry-run', '--json'])
    expect(json.doc).toEqual({dryRun: true, operation: 'pause', count: 0, ids: []})
  })

  it('ids and --query together, an empty --query, or neither: usage errors (2) before anything is sent', async () => {
    const fake = fakeConductor(server)
    const both = await run(ExecutionPause, ['wf-1', '--query', 'status=RUNNING', '--json'])
    expect((both.doc as Doc).error?.message).toBe('Give ids or --query, not both')
    const empty = await run(ExecutionPause, ['--query', '  ', '--json'])
    expect((empty.doc as Doc).error?.message).toBe('--query is empty')
    const none = await run(ExecutionPause, ['--json'])
    expect((none.doc as Doc).error?.message).toBe('Missing workflow id')
    for (const r of [both, empty, none]) expect(r.exitCode).toBe(2)
    expect(fake.sent).toHaveLength(0)
  })

  it('a task field in --query is refused with a hint for acting on tasks', async () => {
    const fake = fakeConductor(server)
    const {doc, exitCode} = await run(ExecutionRetry, ['--query', 'taskType=HTTP', '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Doc).error?.hint).toContain('conductor search --tasks')
    expect(fake.sent).toHaveLength(0)
  })
})
