import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'
import {cli, serverUrl, uniqueName} from '../helpers/server-env.js'
import {pollUntil} from '../helpers/poll.js'

/** Raw calls to the server (setup and checks), bypassing the CLI. */
async function api(method: string, path: string, body?: unknown): Promise<{status: number; text: string}> {
  const response = await fetch(`${serverUrl().replace(/\/api$/, '')}/api${path}`, {
    method,
    headers: body === undefined ? {} : {'content-type': 'application/json'},
    body: body === undefined ? null : JSON.stringify(body),
  })
  return {status: response.status, text: await response.text()}
}

async function hits(query: string, extra: Record<string, string> = {}): Promise<{status: number; totalHits?: number}> {
  const params = new URLSearchParams({query, sort: 'startTime:DESC', ...extra})
  const r = await api('GET', `/workflow/search?${params.toString()}`)
  return {
    status: r.status,
    ...(r.status === 200 ? {totalHits: (JSON.parse(r.text) as {totalHits: number}).totalHits} : {}),
  }
}

const names = {
  fail: uniqueName('it_search_fail'),
  explode: uniqueName('it_search_explode'),
  ok: uniqueName('it_search_ok'),
  wait: uniqueName('it_search_wait'),
}
const started: Record<keyof typeof names, string[]> = {fail: [], explode: [], ok: [], wait: []}
const COUNTS = {fail: 12, explode: 5, ok: 6, wait: 4}
const lines = (text: string) => text.split('\n').filter(Boolean)
const DEAD_SERVER = {CONDUCTOR_SERVER_URL: 'http://localhost:9/api'}
const storage = inject('storage')

beforeAll(async () => {
  const def = (name: string, task: Record<string, unknown>) => ({
    name,
    schemaVersion: 2,
    ownerEmail: 't@x.io',
    inputParameters: ['n'],
    tasks: [task],
  })
  const registered = await api('PUT', '/metadata/workflow', [
    def(names.fail, {
      name: 't',
      taskReferenceName: 't',
      type: 'TERMINATE',
      inputParameters: {terminationStatus: 'FAILED', terminationReason: 'gave up on order ${workflow.input.n}'},
    }),
    def(names.explode, {
      name: 'explode',
      taskReferenceName: 'explode_ref',
      type: 'INLINE',
      inputParameters: {
        evaluatorType: 'graaljs',
        n: '${workflow.input.n}',
        expression: "(function(){ throw new Error('order ' + $.n + ' exploded'); })()",
      },
    }),
    def(names.ok, {name: 's', taskReferenceName: 's', type: 'SET_VARIABLE', inputParameters: {x: 1}}),
    def(names.wait, {name: 'w', taskReferenceName: 'w', type: 'WAIT', inputParameters: {}}),
  ])
  expect(registered.status, registered.text).toBe(200)
  for (const key of Object.keys(names) as (keyof typeof names)[]) {
    for (let n = 0; n < COUNTS[key]; n++) {
      const r = await api('POST', '/workflow', {name: names[key], input: {n: 1000 + n}, correlationId: `${key}-${n}`})
      expect(r.status, r.text).toBe(200)
      started[key].push(r.text.trim())
    }
  }
  // the INLINE failures and SET_VARIABLE completions settle within moments; the tests read the
  // search index, so every fixture must show there with its final status first
  const settled = {fail: 'FAILED', explode: 'FAILED', ok: 'COMPLETED', wait: 'RUNNING'} as const
  const keys = Object.keys(settled) as (keyof typeof settled)[]
  const shown = await pollUntil(
    () =>
      Promise.all(
        keys.map(async (key) => (await hits(`workflowType="${names[key]}" AND status="${settled[key]}"`)).totalHits),
      ),
    (counts) => keys.every((key, k) => counts[k] === COUNTS[key]),
    20_000,
  )
  if (!keys.every((key, k) => shown[k] === COUNTS[key]))
    throw new Error(
      `fixture: the search index shows ${keys.map((key, k) => `${shown[k]}/${COUNTS[key]} ${key}`).join(', ')} after 20 s`,
    )
})

afterAll(async () => {
  for (const id of started.wait) await api('DELETE', `/workflow/${id}?reason=test+cleanup`)
  for (const name of Object.values(names)) await api('DELETE', `/metadata/workflow/${name}/1`)
})

describe('conductor search against the real server', () => {
  it('--all -o jsonl streams exactly the failed executions, across pages, without duplicates', async () => {
    const r = await cli([
      'search',
      `status=FAILED and workflow=${names.fail}`,
      '--all',
      '-o',
      'jsonl',
      '--page-size',
      '5',
    ])
    expect(r.exitCode, r.stderr).toBe(0)
    const rows = lines(r.stdout).map((l) => JSON.parse(l) as {workflowId: string; status: string; workflowType: string})
    expect(rows.map((x) => x.workflowId).sort()).toEqual([...started.fail].sort())
    expect(rows.every((x) => x.status === 'FAILED' && x.workflowType === names.fail)).toBe(true)
  })

  it('accepts forgiving input: lowercase status and and, IN with spaces, unquoted words', async () => {
    const r = await cli([
      'search',
      `status in (failed, completed) AND workflow in (${names.fail}, ${names.ok})`,
      '--all',
      '--ids',
    ])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(lines(r.stdout).sort()).toEqual([...started.fail, ...started.ok].sort())
    const words = await cli(['search', 'status=failed', 'and', `workflow=${names.fail}`, '--all', '--ids'])
    expect(lines(words.stdout)).toHaveLength(COUNTS.fail)
  })

  it('sorts newest first by default and ascending with --sort startTime:asc', async () => {
    const desc = await cli(['search', `workflow=${names.fail}`, '--all', '--ids'])
    const asc = await cli([
      'search',
      `workflow=${names.fail}`,
      '--all',
      '--ids',
      '--sort',
      'startTime:asc',
      '--page-size',
      '4',
    ])
    expect(lines(desc.stdout)).toEqual([...started.fail].reverse())
    expect(lines(asc.stdout)).toEqual(started.fail)
  })

  it('--limit caps the list; piped tables have a header and one line per row; the cut is said on stderr', async () => {
    const r = await cli(['search', `workflow=${names.fail}`, '--limit', '3'])
    expect(r.exitCode, r.stderr).toBe(0)
    const out = lines(r.stdout)
    expect(out[0]).toMatch(/^ID\s+WORKFLOW\s+VERSION\s+STATUS\s+START\s+DURATION\s+CORRELATION ID\s+REASON$/)
    expect(out.slice(1)).toHaveLength(3)
    expect(out[1]).toContain('gave up on order 1011')
    const byDefault = await cli(['search', `workflow=${names.fail}`, '--ids'])
    expect(lines(byDefault.stdout)).toHaveLength(COUNTS.fail) // under the default limit of 20
    const cut = await cli(['search', `workflow in (${names.fail},${names.ok},${names.explode})`, '--ids'])
    expect(lines(cut.stdout)).toHaveLength(20)
    expect(cut.stderr).toContain(`Showing the first 20 of ${COUNTS.fail + COUNTS.ok + COUNTS.explode} matches`)
  })

  it('-o json, --json and -o csv', async () => {
    const json = await cli(['search', `workflow=${names.ok}`, '-o', 'json', '--limit', '2'])
    expect((JSON.parse(json.stdout) as unknown[]).length).toBe(2)
    const flag = await cli(['search', `workflow=${names.ok}`, '--json', '--all'])
    expect((JSON.parse(flag.stdout) as {workflowId: string}[]).map((x) => x.workflowId).sort()).toEqual(
      [...started.ok].sort(),
    )
    const csv = await cli(['search', `workflow=${names.ok}`, '-o', 'csv', '--all'])
    const rows = lines(csv.stdout)
    expect(rows[0]).toBe(
      'workflowId,workflowType,version,status,startTime,endTime,durationMs,correlationId,reasonForIncompletion',
    )
    expect(rows).toHaveLength(COUNTS.ok + 1)
  })

  it('filters version on the client (not a server column)', async () => {
    const v1 = await cli(['search', `workflow=${names.fail} and version=1`, '--all', '--ids', '--page-size', '5'])
    expect(lines(v1.stdout)).toHaveLength(COUNTS.fail)
    const v2 = await cli(['search', `workflow=${names.fail} and version=2`, '--all', '--ids'])
    expect(v2.exitCode).toBe(0)
    expect(v2.stdout).toBe('')
  })

  it('relative times: since 1h finds what was just started, before 1h does not', async () => {
    const since = await cli(['search', `workflow=${names.wait} and since 1h`, '-o', 'jsonl', '--all'])
    const rows = lines(since.stdout).map((l) => JSON.parse(l) as {workflowId: string; status: string})
    expect(rows.map((x) => x.workflowId).sort()).toEqual([...started.wait].sort())
    expect(rows.every((x) => x.status === 'RUNNING')).toBe(true)
    const before = await cli(['search', `workflow=${names.wait} and before 1h`, '--ids', '--all'])
    expect(before.stdout).toBe('')
    const window = await cli([
      'search',
      `workflow=${names.wait} and startTime>-1h and startTime<=now`,
      '--ids',
      '--all',
    ])
    expect(lines(window.stdout)).toHaveLength(COUNTS.wait)
  })

  it('free text with --text (a substring of the stored summary)', async () => {
    const r = await cli(['search', `workflow=${names.fail}`, '--text', 'order 1003', '--all', '--ids'])
    expect(lines(r.stdout)).toEqual([started.fail[3]])
  })

  it('--explain prints the request without calling the server', async () => {
    const r = await cli(
      ['search', 'status in (failed, timed_out) and workflow=orders and since 2d', '--explain', '--sort', 'start:desc'],
      {env: DEAD_SERVER},
    )
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/query: +status IN \(FAILED,TIMED_OUT\) AND workflowType="orders" AND startTime>\d{13}\n/)
    expect(r.stdout).toContain('freeText:  *')
    expect(r.stdout).toContain('sort:      startTime:DESC|workflowId:ASC')
    const json = await cli(['search', 'workflow=orders', '--explain', '--json', '--tasks'], {env: DEAD_SERVER})
    expect(JSON.parse(json.stdout)).toMatchObject({
      path: '/api/tasks/search',
      params: {query: 'workflowType="orders"', sort: 'startTime:DESC|taskId:ASC'},
    })
  })

  it('refuses an unknown field with exit 2, the allowed fields and a suggestion, sending nothing', async () => {
    for (const env of [{}, DEAD_SERVER]) {
      const r = await cli(['search', 'stauts=FAILED', '--verbose'], {env})
      expect(r.exitCode).toBe(2)
      expect(r.stderr).toContain('unknown field "stauts" (did you mean status?)')
      expect(r.stderr).toMatch(/Fields of workflow search: status .*workflow .*correlationId/)
      expect(r.stderr).not.toContain('[http]')
      expect(r.stdout).toBe('')
    }
    for (const query of ['status!=FAILED', 'status=FAILED or status=RUNNING', 'status=FAILD', 'taskType=SIMPLE']) {
      const r = await cli(['search', query], {env: DEAD_SERVER})
      expect(r.exitCode, query).toBe(2)
    }
    const json = await cli(['search', 'stauts=FAILED', '--json'], {env: DEAD_SERVER})
    expect(JSON.parse(json.stdout)).toMatchObject({error: {kind: 'usage', exitCode: 2}})
  })

  it('--group-by reason groups failures whose reasons differ only by numbers and ids', async () => {
    const r = await cli([
      'search',
      `workflow in (${names.fail}, ${names.explode})`,
      '--group-by',
      'reason',
      '-o',
      'json',
    ])
    expect(r.exitCode, r.stderr).toBe(0)
    const groups = JSON.parse(r.stdout) as {key: string; count: number; sample: string; next?: string}[]
    expect(groups.map((g) => [g.key, g.count])).toEqual([
      ['gave up on order <n>', COUNTS.fail],
      [
        "Task <id> failed with status: FAILED and reason: 'Error evaluating the script `Error: order <n> exploded`'",
        COUNTS.explode,
      ],
    ])
    expect(started.fail).toContain(groups[0]?.sample)
    expect(groups[0]?.next).toBe(
      `conductor search 'workflow in (${names.fail}, ${names.explode}) and status in (FAILED, TIMED_OUT)' --text 'gave up on order' --all --ids | conductor retry - --yes`,
    )
  })

  it('--group-by workflow and task, as a table with next steps on stderr', async () => {
    const r = await cli([
      'search',
      `status=FAILED and workflow in (${names.fail}, ${names.explode}) and since 1h`,
      '--group-by',
      'workflow',
    ])
    expect(r.exitCode, r.stderr).toBe(0)
    const out = lines(r.stdout)
    expect(out[0]).toMatch(/^COUNT\s+SAMPLE ID\s+LAST START\s+WORKFLOW$/)
    expect(out[1]).toMatch(new RegExp(`^${COUNTS.fail}\\s+\\S+\\s+\\S+ \\S+\\s+${names.fail}$`))
    expect(out[2]).toMatch(new RegExp(`^${COUNTS.explode}\\s+\\S+\\s+\\S+ \\S+\\s+${names.explode}$`))
    expect(r.stderr).toContain(
      `conductor search 'status=FAILED and workflow in (${names.fail}, ${names.explode}) and since 1h and workflow=${names.explode}' --all --ids | conductor retry - --yes`,
    )
    const tasks = await cli(['search', `workflow=${names.explode}`, '--group-by', 'task', '--json'])
    expect((JSON.parse(tasks.stdout) as {key: string; count: number}[]).map((g) => [g.key, g.count])).toEqual([
      ['explode_ref', COUNTS.explode],
    ])
  })

  it('--tasks searches the task index with its own fields', async () => {
    const r = await cli([
      'search',
      '--tasks',
      `workflow=${names.fail} and type=TERMINATE and status=completed`,
      '--all',
      '-o',
      'jsonl',
    ])
    expect(r.exitCode, r.stderr).toBe(0)
    const rows = lines(r.stdout).map((l) => JSON.parse(l) as {taskId: string; workflowId: string; taskType: string})
    expect(rows.map((x) => x.workflowId).sort()).toEqual([...started.fail].sort())
    expect(rows.every((x) => x.taskType === 'TERMINATE')).toBe(true)
    const table = await cli(['search', '--tasks', `workflow=${names.explode} and task=explode`, '--limit', '2'])
    expect(lines(table.stdout)[0]).toMatch(/^TASK ID\s+WORKFLOW ID\s+TASK\s+STATUS\s+START\s+DURATION\s+REASON$/)
    expect(lines(table.stdout)[1]).toContain('explode (INLINE)')
    const ids = await cli(['search', '--tasks', `workflow=${names.ok}`, '--all', '--ids'])
    expect(lines(ids.stdout).sort()).toEqual([...started.ok].sort())
    const wrong = await cli(['search', '--tasks', 'correlationId=x'])
    expect(wrong.exitCode).toBe(2)
    expect(wrong.stderr).toContain('Task search cannot filter on "correlationId"')
  })
})

describe('the server facts (§4.2) that the compiler relies on', () => {
  const fail = () => `workflowType="${names.fail}"`
  it('IN with spaces after commas silently drops the later values; without spaces it works', async () => {
    expect((await hits(`${fail()} AND status IN (COMPLETED,FAILED)`)).totalHits).toBe(COUNTS.fail)
    expect((await hits(`${fail()} AND status IN (COMPLETED, FAILED)`)).totalHits).toBe(0)
  })
  it('lowercase and is not split (matches nothing); a lowercase status matches nothing', async () => {
    expect((await hits(`${fail()} and status=FAILED`)).totalHits).toBe(0)
    expect((await hits(`${fail()} AND status=failed`)).totalHits).toBe(0)
  })
  it('an unknown field (version) is silently dropped on SQLite (the filter would be ignored), a 500 on Postgres', async () => {
    const r = await hits(`${fail()} AND version=2`)
    if (storage === 'postgres') expect(r.status).toBe(500)
    else expect(r.totalHits).toBe(COUNTS.fail)
  })
  it('!= and lowercase in are 400; >= and a date in place of epoch ms are 500', async () => {
    expect((await hits(`${fail()} AND status!=FAILED`)).status).toBe(400)
    expect((await hits(`${fail()} AND status in (FAILED)`)).status).toBe(400)
    expect((await hits(`${fail()} AND startTime>=1`)).status).toBe(500)
    expect((await hits(`${fail()} AND startTime>2026-01-01`)).status).toBe(500)
  })
  it('a * in an = value is a LIKE, case-insensitive on SQLite and case-sensitive on Postgres; exact = is case-sensitive', async () => {
    const upper = await hits(`workflowType="${names.fail.toUpperCase().slice(0, -3)}*"`)
    expect(upper.totalHits).toBe(storage === 'postgres' ? 0 : COUNTS.fail)
    expect((await hits(`workflowType="${names.fail.slice(0, -3)}*"`)).totalHits).toBe(COUNTS.fail)
    expect((await hits(`workflowType="${names.fail.toUpperCase()}"`)).totalHits).toBe(0)
  })
  it('_ in a LIKE value is any character (so the CLI re-checks such rows)', async () => {
    // correlation ids fail-0 … fail-11: fail_1* matches fail-1, fail-10 and fail-11
    expect((await hits(`${fail()} AND correlationId="fail_1*"`)).totalHits).toBe(3)
    const r = await cli(['search', `workflow=${names.fail} and correlationId=fail_1*`, '--ids', '--all'])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(lines(r.stdout)).toEqual([])
    const dash = await cli(['search', `workflow=${names.fail} and correlationId=fail-1*`, '--ids', '--all'])
    expect(lines(dash.stdout)).toHaveLength(3)
  })
  it('an unfinished execution has the epoch as end time: endTime<T alone matches it, so the CLI adds endTime>0', async () => {
    const now = Date.now()
    expect((await hits(`workflowType="${names.wait}" AND endTime<${now}`)).totalHits).toBe(COUNTS.wait)
    const r = await cli(['search', `workflow=${names.wait} and endTime<now`, '--ids', '--all'])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(lines(r.stdout)).toEqual([])
  })
  it('free text: a substring on SQLite; on Postgres a tsquery (words; a space alone is a syntax error, a 500)', async () => {
    const spaced = await hits(fail(), {freeText: 'order 1003'})
    if (storage === 'postgres') {
      expect(spaced.status).toBe(500)
      expect((await hits(fail(), {freeText: 'order <-> 1003'})).totalHits).toBe(1)
      expect((await hits(fail(), {freeText: 'rder'})).totalHits).toBe(0) // not a substring
      expect((await hits(fail(), {freeText: '{"correlationId":"fail-3"}'})).totalHits).toBe(1) // JSON containment
    } else {
      expect(spaced.totalHits).toBe(1)
      expect((await hits(fail(), {freeText: 'rder 1003'})).totalHits).toBe(1)
    }
  })
  it('start times compare at millisecond precision (keyset paging depends on it)', async () => {
    const r = await api(
      'GET',
      `/workflow/search?${new URLSearchParams({query: fail(), sort: 'startTime:DESC|workflowId:ASC', size: '1'}).toString()}`,
    )
    const t = Date.parse((JSON.parse(r.text) as {results: {startTime: string}[]}).results[0]?.startTime ?? '')
    expect((await hits(`${fail()} AND startTime<${t}`)).totalHits).toBe(COUNTS.fail - 1)
    expect((await hits(`${fail()} AND startTime<${t + 1}`)).totalHits).toBe(COUNTS.fail)
  })
  it('size over 5000 is refused', async () => {
    expect((await hits(fail(), {size: '5001'})).status).toBe(400)
  })
})
