import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeEach, describe, expect, it, vi} from 'vitest'
import {JSON_SHAPES} from '../../../src/lib/command/json-shapes.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {FAILURE_SHAPE} from '../../../src/lib/command/json-shapes.js'
import {misfits, misfitsBesideError, misfitsForm, parseShape} from '../../helpers/json-shape.js'
import {mockServer} from '../../helpers/mock-server.js'

/**
 * The manifest walk for success: a sample of commands, run in process with --json against canned
 * answers (undici's MockAgent), print a document whose top level (and each list element's) is the
 * shape json-shapes.ts declares for the command, in the form the case names.
 */
const server = mockServer()
const home = mkdtempSync(join(tmpdir(), 'conductor-json-success-'))
const wfFile = join(home, 'wf.json')
const taskFile = join(home, 'task.json')
const def = {name: 'orders', version: 2, schemaVersion: 2, tasks: [{name: 't', taskReferenceName: 't', type: 'SIMPLE'}]}
writeFileSync(wfFile, JSON.stringify(def))
const taskDef = {
  name: 'send_mail',
  retryCount: 0,
  timeoutSeconds: 60,
  responseTimeoutSeconds: 30,
  ownerEmail: 'a@b.c',
  description: 'mail',
}
writeFileSync(taskFile, JSON.stringify(taskDef))
mkdirSync(join(home, 'cli', 'server', '8351'), {recursive: true})
writeFileSync(join(home, 'cli', 'server', '8351', 'server.log'), 'started\nready\n')
const badTaskFile = join(home, 'bad-task.json')
writeFileSync(badTaskFile, JSON.stringify({name: 'send_mail', retryCount: -1, timeoutSeconds: 60}))

const execution = {
  workflowId: 'wf-1',
  workflowName: 'orders',
  workflowVersion: 2,
  status: 'COMPLETED',
  input: {},
  output: {ok: true},
  tasks: [{taskId: 'task-1', referenceTaskName: 't', taskType: 'SIMPLE', status: 'COMPLETED', seq: 1}],
  startTime: 1_700_000_000_000,
  endTime: 1_700_000_001_000,
}
const schedule = {name: 'nightly', cronExpression: '0 0 0 * * ?', startWorkflowRequest: {name: 'orders'}, paused: false}
const summary = {
  workflowId: 'wf-1',
  workflowType: 'orders',
  version: 2,
  status: 'FAILED',
  startTime: '2024-01-01T00:00:00Z',
}

/** Canned answers by method and path: the server's documents, no logic. */
const ROUTES: [method: string, path: RegExp, status: number, body: unknown][] = [
  [
    'GET',
    /^\/api\/metadata\/workflow\/orders\/versions/,
    200,
    [
      {name: 'orders', version: 1},
      {name: 'orders', version: 2},
    ],
  ],
  ['GET', /^\/api\/metadata\/workflow\/orders/, 200, def],
  ['GET', /^\/api\/metadata\/workflow(\/latest-versions)?(\?|$)/, 200, [def]],
  ['DELETE', /^\/api\/metadata\/workflow\/orders\/[12]/, 200, ''],
  ['POST', /^\/api\/metadata\/workflow/, 200, ''],
  ['PUT', /^\/api\/metadata\/workflow/, 200, ''],
  ['GET', /^\/api\/metadata\/taskdefs\/send_mail/, 200, taskDef],
  ['GET', /^\/api\/metadata\/taskdefs/, 200, [taskDef]],
  ['DELETE', /^\/api\/metadata\/taskdefs\/send_mail/, 200, ''],
  ['POST', /^\/api\/metadata\/taskdefs/, 200, ''],
  ['GET', /^\/api\/workflow\/search/, 200, {totalHits: 1, results: [summary]}],
  ['GET', /^\/api\/workflow\/wf-1\/status/, 200, {status: 'COMPLETED'}],
  ['GET', /^\/api\/workflow\/wf-1/, 200, execution],
  ['PUT', /^\/api\/workflow\/wf-1\/(pause|resume|skiptask)/, 200, ''],
  ['POST', /^\/api\/workflow\/wf-1\/(retry|restart)/, 200, ''],
  ['POST', /^\/api\/workflow\/wf-1\/rerun/, 200, 'wf-2'],
  ['POST', /^\/api\/workflow\/wf-1\/variables/, 200, ''],
  ['DELETE', /^\/api\/workflow\/wf-1/, 200, ''],
  ['POST', /^\/api\/tasks(\?|$|\/update-v2)/, 200, ''],
  ['PUT', /^\/api\/metadata\/taskdefs/, 200, ''],
  ['POST', /^\/api\/scheduler\/schedules/, 200, ''],
  ['PUT', /^\/api\/scheduler\/schedules\/nightly\/resume/, 200, ''],
  ['GET', /^\/api\/event/, 200, []],
  ['GET', /^\/api\/version/, 200, '3.32.3'],
  ['GET', /^\/health/, 200, {healthy: true}],
  ['POST', /^\/api\/workflow(\?|$)/, 200, 'wf-1'],
  ['POST', /^\/api\/tasks\/wf-1\/t\/COMPLETED/, 200, 'task-1'],
  [
    'GET',
    /^\/api\/tasks\/poll\/batch\/send_mail/,
    200,
    [{taskId: 'task-1', workflowInstanceId: 'wf-1', taskType: 'send_mail', referenceTaskName: 't', inputData: {}}],
  ],
  ['GET', /^\/api\/scheduler\/schedules\/nightly/, 200, schedule],
  ['GET', /^\/api\/scheduler\/schedules\/weekly/, 404, {message: 'not found'}],
  ['POST', /^\/api\/token/, 404, {message: 'not found'}],
  ['GET', /^\/api\/scheduler\/schedules/, 200, [schedule]],
  ['PUT', /^\/api\/scheduler\/schedules\/nightly\/pause/, 200, ''],
  ['DELETE', /^\/api\/scheduler\/schedules\/nightly/, 200, ''],
  [
    'GET',
    /^\/api\/scheduler\/search\/executions/,
    200,
    {results: [{scheduleName: 'nightly', state: 'EXECUTED', workflowId: 'wf-1'}]},
  ],
  ['GET', /^\/api\/admin\/config/, 404, {message: 'not found'}],
]

beforeEach(() => {
  vi.stubEnv('CONDUCTOR_CLI_HOME', join(home, 'cli'))
  vi.stubEnv('CONDUCTOR_PROFILE', undefined)
  vi.stubEnv('CONDUCTOR_SERVER_URL', '')
  vi.stubEnv('CI', '1')
  route(ROUTES)
})

function route(routes: typeof ROUTES): void {
  for (const [method, path, status, body] of routes)
    server
      .pool()
      .intercept({path: (p) => path.test(p), method})
      .reply(status, typeof body === 'string' ? body : JSON.stringify(body), {
        headers: {'content-type': typeof body === 'string' ? 'text/plain' : 'application/json'},
      })
      .persist()
}

interface Case {
  id: string
  argv: string[]
  /** the form of the declared shape expected (undefined: the usual one) */
  when?: string
  /** answers for this case alone */
  routes?: typeof ROUTES
}
const CASES: Case[] = [
  {id: 'workflow:get', argv: ['orders']},
  {id: 'workflow:get-all', argv: []},
  {id: 'workflow:list', argv: []},
  {id: 'workflow:versions', argv: ['orders']},
  {id: 'workflow:delete', argv: ['orders', '1', '--yes']},
  {id: 'workflow:validate', argv: [wfFile]},
  {id: 'workflow:graph', argv: [wfFile]},
  {id: 'workflow:diff', argv: [wfFile]},
  {id: 'workflow:register', argv: [wfFile]},
  {id: 'workflow:status', argv: ['wf-1']},
  {id: 'workflow:get-execution', argv: ['wf-1']},
  {id: 'workflow:search', argv: []},
  {id: 'workflow:rerun', argv: ['wf-1']},
  {id: 'workflow:skip-task', argv: ['wf-1', 't']},
  {id: 'workflow:start', argv: ['-w', 'orders']},
  {id: 'workflow:pause', argv: ['wf-1']},
  {id: 'task:get', argv: ['send_mail']},
  {id: 'task:get-all', argv: []},
  {id: 'task:list', argv: []},
  {id: 'task:validate', argv: [taskFile]},
  {id: 'task:delete', argv: ['send_mail', '--yes']},
  {id: 'task:complete', argv: ['wf-1', 't']},
  {id: 'task:poll', argv: ['send_mail']},
  {id: 'execution:get', argv: ['wf-1']},
  {id: 'status', argv: ['wf-1']},
  {id: 'execution:pause', argv: ['wf-1']},
  {id: 'execution:resume', argv: ['wf-1', '--dry-run'], when: '--dry-run'},
  {id: 'execution:watch', argv: ['wf-1', '--wait', '5s']},
  {id: 'execution:variables', argv: ['wf-1', 'retries=3']},
  {id: 'run', argv: ['orders']},
  {id: 'run', argv: ['orders', '--wait', '5s'], when: '--wait'},
  {id: 'search', argv: ['status = FAILED', '--limit', '5']},
  {id: 'search', argv: ['--group-by', 'workflow'], when: '--group-by'},
  {id: 'search', argv: ['--explain'], when: '--explain'},
  {id: 'schedule:list', argv: []},
  {id: 'schedule:get', argv: ['nightly']},
  {id: 'schedule:pause', argv: ['nightly']},
  {id: 'schedule:delete', argv: ['nightly', '--yes']},
  {id: 'schedule:search', argv: []},
  {id: 'schema:print', argv: ['workflow']},
  {id: 'open', argv: ['wf-1', '--print']},
  {id: 'whoami', argv: []},
  {id: 'config:save', argv: ['--server', 'http://localhost:8080/api']},
  {id: 'config:list', argv: []},
  {id: 'config:show', argv: []},
  {id: 'config:delete', argv: ['--yes']},
  {id: 'task:create', argv: [taskFile]},
  {id: 'task:update', argv: [taskFile]},
  {id: 'workflow:create', argv: [wfFile]},
  {id: 'workflow:update', argv: [wfFile]},
  {id: 'task:update-execution', argv: ['--workflow-id', 'wf-1', '--task-ref-name', 't', '--status', 'COMPLETED']},
  {id: 'execution:rerun', argv: ['wf-1', '--yes']},
  {id: 'execution:skip-task', argv: ['wf-1', 't', '--yes']},
  {id: 'execution:terminate', argv: ['wf-1', '--yes']},
  {id: 'workflow:resume', argv: ['wf-1']},
  {id: 'workflow:terminate', argv: ['wf-1']},
  {id: 'schedule:create', argv: ['-n', 'weekly', '-c', '0 0 0 ? * MON', '-w', 'orders']},
  {id: 'schedule:resume', argv: ['nightly']},
  {id: 'plan', argv: [wfFile]},
  {id: 'export', argv: [join(home, 'export')]},
  {id: 'apply', argv: [wfFile, '--yes']},
  {id: 'task:diff', argv: [taskFile]},
  {id: 'server:logs', argv: ['--port', '8351']},
  {id: 'execution:retry', argv: ['wf-1']},
  {id: 'execution:restart', argv: ['wf-1', '--yes']},
  {id: 'execution:delete', argv: ['wf-1', '--yes']},
  {id: 'workflow:retry', argv: ['wf-1']},
  {id: 'workflow:restart', argv: ['wf-1']},
  {id: 'workflow:delete-execution', argv: ['wf-1', '--yes']},
  {id: 'schedule:update', argv: ['-n', 'nightly', '-c', '0 0 1 * * ?', '-w', 'orders']},
  {id: 'worker:exec', argv: ['send_mail', '--count', '1', '--', 'true']},
  {id: 'doctor', argv: [], routes: [['GET', /^\/api\/metadata\/workflow\/names/, 200, ['orders']]]},
]

/** --json before a `--` (worker exec's command follows it). */
const withJson = (argv: string[]) =>
  argv.includes('--')
    ? [...argv.slice(0, argv.indexOf('--')), '--json', ...argv.slice(argv.indexOf('--'))]
    : [...argv, '--json']

const load = async (id: string): Promise<CommandClass> =>
  (
    (await import(
      /* @vite-ignore */ new URL(`../../../src/commands/${id.replaceAll(':', '/')}.ts`, import.meta.url).href
    )) as {
      default: CommandClass
    }
  ).default

describe('--json success documents have the declared shape', () => {
  it('the sample covers at least four commands in five with a declared shape', () => {
    expect(new Set(CASES.map((c) => c.id)).size * 5).toBeGreaterThanOrEqual(Object.keys(JSON_SHAPES).length * 4)
  })
  for (const c of CASES) {
    it(`${c.id} ${c.argv.join(' ')}`, async () => {
      route(c.routes ?? [])
      const command = await load(c.id)
      const r = await runInProcess(command, withJson(c.argv), server)
      expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0)
      expect(r.doc, `stdout is one JSON document:\n${r.stdout}`).toBeDefined()
      expect(misfitsForm(r.doc, JSON_SHAPES[c.id] ?? [], c.when), JSON.stringify(r.doc).slice(0, 400)).toEqual([])
    })
  }
})

/** Failures that carry what the command got done: `error`, and beside it the success shape's fields (an object) or `result` (a list). */
const FAILURES: (Case & {exitCode: number; beside: string})[] = [
  {id: 'task:validate', argv: [badTaskFile], exitCode: 3, beside: 'summary'},
  {id: 'task:register', argv: [badTaskFile], exitCode: 3, beside: 'summary'},
  {id: 'workflow:status', argv: ['wf-1', 'nosuch'], exitCode: 4, beside: 'result'},
  // no server on the port: each one's status under result
  {id: 'server:status', argv: [], exitCode: 6, beside: 'result'},
  // --ids prints one id a line, which is not JSON: refused rather than break the one-document promise
  {id: 'search', argv: ['--ids'], exitCode: 2, beside: 'error'},
  {
    id: 'doctor',
    argv: [],
    exitCode: 8,
    beside: 'checks',
    routes: [['GET', /^\/api\/metadata\/workflow\/names/, 401, {message: 'unauthorised'}]],
  },
  {id: 'workflow:diff', argv: [join(home, 'changed.json')], exitCode: 1, beside: 'entries'},
  {id: 'execution:pause', argv: ['nosuch'], exitCode: 4, beside: 'result'},
]
writeFileSync(join(home, 'changed.json'), JSON.stringify({...def, description: 'changed'}))

describe('--json failure documents: the error beside what the declared shape allows', () => {
  const failure = parseShape(FAILURE_SHAPE)
  for (const c of FAILURES) {
    it(`${c.id} ${c.argv.join(' ')}`, async () => {
      server
        .pool()
        .intercept({path: (p) => p.startsWith('/api/workflow/nosuch'), method: /GET|PUT/})
        .reply(
          404,
          {status: 404, message: 'Workflow not found: nosuch'},
          {headers: {'content-type': 'application/json'}},
        )
        .persist()
      route(c.routes ?? [])
      const r = await runInProcess(await load(c.id), withJson(c.argv), server)
      expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(c.exitCode)
      const doc = r.doc as Record<string, unknown>
      expect(misfits(doc, failure)).toEqual([])
      expect((doc.error as {exitCode: number}).exitCode).toBe(c.exitCode)
      expect(misfitsBesideError(doc, JSON_SHAPES[c.id] ?? [])).toEqual([])
      // the object form: the report's fields at the top; the list form: under result
      expect(Object.keys(doc)).toContain(c.beside)
    })
  }
})

describe('warnings under --json', () => {
  it('a list document cannot carry them: they stay on stderr', async () => {
    const r = await runInProcess(await load('schedule:search'), ['--count', '2000', '--json'], server)
    expect(r.exitCode).toBe(0)
    expect(Array.isArray(r.doc)).toBe(true)
    expect(r.stderr).toContain('Warning: count exceeds the maximum of 1000')
  })

  it('an object document carries them in `warnings` (and not on stderr)', async () => {
    const r = await runInProcess(await load('workflow:delete'), ['orders', '2', '--yes', '--json'], server)
    expect(r.exitCode, r.stdout).toBe(0)
    expect((r.doc as {warnings?: string[]}).warnings?.[0]).toMatch(/orders version 2 is the latest/)
    expect(r.stderr).not.toContain('Warning:')
  })
})
