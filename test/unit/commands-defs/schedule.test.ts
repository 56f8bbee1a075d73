import {describe, expect, it} from 'vitest'
import ScheduleCreate from '../../../src/commands/schedule/create.js'
import ScheduleDelete from '../../../src/commands/schedule/delete.js'
import ScheduleGet from '../../../src/commands/schedule/get.js'
import ScheduleList from '../../../src/commands/schedule/list.js'
import SchedulePause from '../../../src/commands/schedule/pause.js'
import ScheduleResume from '../../../src/commands/schedule/resume.js'
import ScheduleSearch from '../../../src/commands/schedule/search.js'
import ScheduleUpdate from '../../../src/commands/schedule/update.js'
import {unixDate} from '../../../src/lib/schedules/service.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {defs, error, fakeConductor, OK, served, tempDirs, withStdin, type Doc} from './fake-conductor.js'

const server = mockServer()
const fake = fakeConductor(server)
const tmp = tempDirs()
const run = (command: unknown, argv: string[]) => runInProcess(command as CommandClass, argv, server)
type Failure = {error: {kind: string; exitCode: number; message: string; hint?: string}}
const noSchedule = (name: string) => error(404, `Schedule '${name}' not found`)
/** GET /api/metadata/workflow/{name}: the workflow a schedule starts exists. */
const workflowExists = (name = 'orders', version?: number) =>
  fake.on('GET', `/api/metadata/workflow/${name}${version === undefined ? '' : `?version=${version}`}`, {
    body: served.workflow(defs.workflow(name, version ?? 1)),
  })

describe('schedule create / update', () => {
  it('from flags: the Go CLI flags become a schedule; the workflow is checked first', async () => {
    workflowExists('orders', 2)
    fake.on('GET', '/api/scheduler/schedules/nightly', noSchedule('nightly'))
    fake.on('POST', '/api/scheduler/schedules', {body: served.schedule(defs.schedule('nightly', 'orders'))})
    const {doc, exitCode, stdout} = await run(ScheduleCreate, [
      '-n',
      'nightly',
      '-c',
      '0 0 2 * * *',
      '-w',
      'orders',
      '--version',
      '2',
      '-i',
      '{"region":"eu"}',
      '-p',
      '--json',
    ])
    expect(exitCode).toBe(0)
    expect(doc).toEqual({name: 'nightly', action: 'created'})
    expect(stdout).not.toContain('nightly\n')
    const post = fake.writes().find((r) => r.path === '/api/scheduler/schedules')
    expect(post?.body).toEqual({
      name: 'nightly',
      cronExpression: '0 0 2 * * *',
      paused: true,
      startWorkflowRequest: {name: 'orders', version: 2, input: {region: 'eu'}},
    })
    // the workflow it starts was read (GET) before the schedule was sent
    expect(fake.requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      'GET /api/metadata/workflow/orders?version=2',
      'GET /api/scheduler/schedules/nightly?',
      'POST /api/scheduler/schedules?',
    ])
  })

  it('a five-field (Unix) cron is refused before sending, with the Spring hint (exit 3)', async () => {
    const {doc, exitCode} = await run(ScheduleCreate, ['-n', 's', '-c', '0 * * * *', '-w', 'orders', '--json'])
    expect(exitCode).toBe(3)
    expect((doc as Failure).error.hint).toContain('six fields')
    expect(fake.requests).toEqual([])
  })

  it('a workflow that does not exist is refused (exit 4), nothing sent', async () => {
    fake.on('GET', '/api/metadata/workflow/nosuch', error(404, 'No such workflow found by name: nosuch, version: null'))
    const {exitCode} = await run(ScheduleCreate, ['-n', 's', '-c', '0 0 * * * *', '-w', 'nosuch'])
    expect(exitCode).toBe(4)
    expect(fake.writes()).toEqual([])
  })

  it('an existing name is a conflict (5): the server would overwrite it', async () => {
    workflowExists()
    fake.on('GET', '/api/scheduler/schedules/nightly', {body: served.schedule(defs.schedule('nightly', 'orders'))})
    const {doc, exitCode} = await run(ScheduleCreate, ['-n', 'nightly', '-c', '0 0 * * * *', '-w', 'orders', '--json'])
    expect(exitCode).toBe(5)
    expect((doc as Failure).error.hint).toContain('schedule update')
    expect(fake.writes()).toEqual([])
  })

  it('partial flags and bad --input are usage errors', async () => {
    const noCron = await run(ScheduleCreate, ['-n', 's', '-w', 'orders', '--json'])
    expect((noCron.doc as Failure).error.message).toBe('--cron is required')
    const noName = await run(ScheduleCreate, ['-c', '0 0 * * * *', '--json'])
    expect((noName.doc as Failure).error.message).toBe('--name is required')
    const noWorkflow = await run(ScheduleCreate, ['-n', 's', '-c', '0 0 * * * *', '--json'])
    expect((noWorkflow.doc as Failure).error.message).toBe('--workflow is required')
    const badInput = await run(ScheduleCreate, ['-n', 's', '-c', '0 0 * * * *', '-w', 'o', '-i', '[1]', '--json'])
    expect(badInput.exitCode).toBe(2)
    expect((badInput.doc as Failure).error.message).toBe('--input must be a JSON object')
    const notJson = await run(ScheduleCreate, ['-n', 's', '-c', '0 0 * * * *', '-w', 'o', '-i', '{', '--json'])
    expect((notJson.doc as Failure).error.message).toMatch(/^--input must be valid JSON/)
    expect(fake.requests).toEqual([])
  })

  it('from a YAML file and from stdin', async () => {
    workflowExists()
    fake.on('GET', '/api/scheduler/schedules/from_file', noSchedule('from_file'))
    fake.on('GET', '/api/scheduler/schedules/from_stdin', noSchedule('from_stdin'))
    fake.on('POST', '/api/scheduler/schedules', OK)
    const dir = await tmp.write({
      's.yaml': 'name: from_file\ncronExpression: "0 0 * * * *"\nstartWorkflowRequest:\n  name: orders\n',
    })
    const file = await run(ScheduleCreate, [`${dir}/s.yaml`])
    expect(file.exitCode).toBe(0)
    expect(fake.writes()[0]?.body).toEqual({
      name: 'from_file',
      cronExpression: '0 0 * * * *',
      startWorkflowRequest: {name: 'orders'},
    })
    const piped = await withStdin(JSON.stringify(defs.schedule('from_stdin', 'orders')), () => run(ScheduleCreate, []))
    expect(piped.exitCode).toBe(0)
    expect(fake.writes()[1]?.body).toEqual(defs.schedule('from_stdin', 'orders'))
  })

  it('a file that is not a schedule, or cannot be read, is refused', async () => {
    const dir = await tmp.write({'list.json': [1, 2]})
    const notOne = await run(ScheduleCreate, [`${dir}/list.json`, '--json'])
    expect(notOne.exitCode).toBe(3)
    expect((notOne.doc as Failure).error.message).toContain('expected one schedule object with a name')
    const missing = await run(ScheduleCreate, [`${dir}/nope.json`, '--json'])
    expect(missing.exitCode).toBe(2)
    expect((missing.doc as Failure).error.message).toContain('ENOENT')
    const empty = await withStdin('', () => run(ScheduleCreate, ['--json']))
    expect((empty.doc as Failure).error.message).toBe('No schedule data received from stdin')
  })

  it('update changes an existing schedule; a missing one is not found (4)', async () => {
    workflowExists()
    fake.on('GET', '/api/scheduler/schedules/nightly', {body: served.schedule(defs.schedule('nightly', 'orders'))})
    fake.on('GET', '/api/scheduler/schedules/other', noSchedule('other'))
    fake.on('POST', '/api/scheduler/schedules', OK)
    const ok = await run(ScheduleUpdate, ['-n', 'nightly', '-c', '0 30 1 * * *', '-w', 'orders', '--json'])
    expect(ok.exitCode).toBe(0)
    expect(ok.doc).toEqual({name: 'nightly', action: 'updated'})
    expect(fake.writes().map((r) => (r.body as Doc).cronExpression)).toEqual(['0 30 1 * * *'])
    const missing = await run(ScheduleUpdate, ['-n', 'other', '-c', '0 30 1 * * *', '-w', 'orders', '--json'])
    expect(missing.exitCode).toBe(4)
    expect((missing.doc as Failure).error.message).toBe("Schedule 'other' does not exist")
    expect(fake.writes()).toHaveLength(1)
  })
})

describe('schedule edge cases of servers', () => {
  it('a server that answers 200 with an empty body for a missing schedule: still "does not exist" (4)', async () => {
    fake.on('GET', '/api/scheduler/schedules/ghost', {status: 200, body: ''})
    const {doc, exitCode} = await run(ScheduleGet, ['ghost', '--json'])
    expect(exitCode).toBe(4)
    expect((doc as Failure).error.message).toBe("Schedule 'ghost' does not exist")
  })

  it('create on a server without the scheduler module: not found, with the module named in the hint', async () => {
    workflowExists()
    fake.on('GET', '/api/scheduler/schedules/s', {
      status: 404,
      body: {status: 404, message: 'No static resource api/scheduler/schedules/s.'},
    })
    fake.on('POST', '/api/scheduler/schedules', {
      status: 404,
      body: {status: 404, message: 'No static resource api/scheduler/schedules.'},
    })
    const {doc, exitCode} = await run(ScheduleCreate, ['-n', 's', '-c', '0 0 * * * *', '-w', 'orders', '--json'])
    expect(exitCode).toBe(4)
    expect((doc as Failure).error.hint).toContain('scheduler module')
  })

  it('a schedule file that is not YAML is invalid (3)', async () => {
    const dir = await tmp.write({'s.yaml': 'name: [unclosed\n'})
    const {doc, exitCode} = await run(ScheduleCreate, [`${dir}/s.yaml`, '--json'])
    expect(exitCode).toBe(3)
    expect((doc as Failure).error.message).toContain('not JSON or YAML')
  })
})

describe('schedule list / get', () => {
  it('list: a table of name, cron, workflow, status; filtered by WORKFLOW; --csv', async () => {
    fake.on('GET', '/api/scheduler/schedules?workflowName=orders', {
      body: [served.schedule(defs.schedule('a', 'orders'))],
    })
    fake.holds({schedules: [defs.schedule('a', 'orders'), defs.schedule('b', 'billing', {paused: true})]})
    const table = await run(ScheduleList, [])
    expect(table.exitCode).toBe(0)
    expect(table.stdout).toMatch(/^NAME\s+CRON\s+WORKFLOW\s+STATUS\s+CREATED TIME/)
    expect(table.stdout).toMatch(/b\s+0 0 \* \* \* \*\s+billing\s+paused/)
    const one = await run(ScheduleList, ['orders', '--json'])
    expect((one.doc as Doc[]).map((s) => s.name)).toEqual(['a'])
    expect(fake.requests.at(-1)?.query.get('workflowName')).toBe('orders')
    const csv = await run(ScheduleList, ['--csv'])
    expect(csv.stdout.split('\n')[1]).toMatch(/^a,0 0 \* \* \* \*,orders,active,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
  })

  it('list on a server without the scheduler module: not found with a hint', async () => {
    fake.on('GET', '/api/scheduler/schedules', {
      status: 404,
      body: {status: 404, message: 'No static resource api/scheduler/schedules.'},
    })
    const {doc, exitCode} = await run(ScheduleList, ['--json'])
    expect(exitCode).toBe(4)
    expect((doc as Failure).error.message).toContain('this server has no scheduler API')
  })

  it('get prints each schedule; a missing one is exit 4', async () => {
    fake.on('GET', '/api/scheduler/schedules/a', {body: served.schedule(defs.schedule('a', 'orders'))})
    fake.on('GET', '/api/scheduler/schedules/nosuch', noSchedule('nosuch'))
    const text = await run(ScheduleGet, ['a'])
    expect(text.exitCode).toBe(0)
    expect(JSON.parse(text.stdout)).toMatchObject({name: 'a', cronExpression: '0 0 * * * *'})
    const json = await run(ScheduleGet, ['a', 'nosuch', '--json'])
    expect(json.exitCode).toBe(4)
    const none = await run(ScheduleGet, ['--json'])
    expect(none.exitCode).toBe(2)
  })
})

describe('schedule delete / pause / resume', () => {
  it('delete removes each named schedule with --yes; a missing one is exit 4 (the server says 200)', async () => {
    // found, deleted, then gone
    fake.on('GET', '/api/scheduler/schedules/a', {body: served.schedule(defs.schedule('a', 'orders'))}, noSchedule('a'))
    fake.on('DELETE', '/api/scheduler/schedules/a', OK)
    const ok = await run(ScheduleDelete, ['a', '-y'])
    expect(ok.exitCode).toBe(0)
    expect(ok.stdout.trim()).toBe("Schedule 'a' deleted successfully")
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /api/scheduler/schedules/a'])
    const missing = await run(ScheduleDelete, ['a', '-y', '--json'])
    expect(missing.exitCode).toBe(4)
    expect(fake.writes()).toHaveLength(1)
    const none = await run(ScheduleDelete, ['--json'])
    expect(none.exitCode).toBe(2)
  })

  it('pause sends the reason; resume resumes; resuming a running one sends nothing', async () => {
    fake.on('PUT', '/api/scheduler/schedules/a/pause', OK)
    fake.on('PUT', '/api/scheduler/schedules/a/resume', OK)
    // running when pause reads it, paused when resume reads it, running when it is resumed again
    fake.on(
      'GET',
      '/api/scheduler/schedules/a',
      {body: served.schedule(defs.schedule('a', 'orders'))},
      {body: served.schedule(defs.schedule('a', 'orders', {paused: true, pausedReason: 'maintenance'}))},
      {body: served.schedule(defs.schedule('a', 'orders'))},
    )
    const paused = await run(SchedulePause, ['a', '--reason', 'maintenance', '--json'])
    expect(paused.exitCode).toBe(0)
    expect(paused.doc).toEqual({names: ['a'], paused: true})
    expect(fake.writes().map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      'PUT /api/scheduler/schedules/a/pause?reason=maintenance',
    ])
    const resumed = await run(ScheduleResume, ['a', '--json'])
    expect(resumed.doc).toEqual({names: ['a'], paused: false})
    expect(fake.writes().at(-1)?.path).toBe('/api/scheduler/schedules/a/resume')
    fake.requests.length = 0
    const again = await run(ScheduleResume, ['a'])
    expect(again.exitCode).toBe(0)
    expect(fake.writes()).toEqual([])
  })

  it('pause of a missing schedule is exit 4; no names is a usage error', async () => {
    fake.on('GET', '/api/scheduler/schedules/nosuch', noSchedule('nosuch'))
    expect((await run(SchedulePause, ['nosuch'])).exitCode).toBe(4)
    expect((await run(SchedulePause, [])).exitCode).toBe(2)
    expect(fake.writes()).toEqual([])
  })
})

describe('schedule search', () => {
  it("sends the scheduler's query grammar and prints state,workflow,time,id,reason lines", async () => {
    fake.on('GET', '/api/scheduler/search/executions', {
      status: 200,
      body: {
        totalHits: 1,
        results: [
          {
            state: 'FAILED',
            workflowName: 'orders',
            executionTime: Date.UTC(2026, 0, 2, 15, 4, 5),
            workflowId: 'wf-1',
            reason: 'boom',
          },
        ],
      },
    })
    const {stdout, exitCode} = await run(ScheduleSearch, [
      '-w',
      'orders',
      '-s',
      'failed,polled',
      '--schedule',
      'nightly',
      '-c',
      '5',
    ])
    expect(exitCode).toBe(0)
    expect(stdout.trim()).toBe('FAILED,orders,Fri Jan  2 15:04:05 UTC 2026,wf-1,boom')
    const q = fake.requests[0]?.query
    expect(q?.get('query')).toBe('scheduleName IN (nightly) AND workflowName=orders AND state IN (FAILED,POLLED)')
    expect(q?.get('size')).toBe('5')
    expect(q?.get('sort')).toBe('scheduledTime:DESC')
  })

  it('more than 1000 asks for 1000 and warns', async () => {
    fake.on('GET', '/api/scheduler/search/executions', {status: 200, body: {totalHits: 0, results: []}})
    const {doc, exitCode} = await run(ScheduleSearch, ['-c', '5000', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toEqual([])
    expect(fake.requests[0]?.query.get('size')).toBe('1000')
    expect(fake.requests[0]?.query.has('query')).toBe(false)
  })

  it('unixDate pads the day like Go time.UnixDate', () => {
    expect(unixDate(Date.UTC(2026, 10, 30, 1, 2, 3))).toBe('Mon Nov 30 01:02:03 UTC 2026')
    expect(unixDate(Date.UTC(2026, 0, 2, 0, 0, 0))).toBe('Fri Jan  2 00:00:00 UTC 2026')
  })
})
