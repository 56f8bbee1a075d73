import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {inject, describe, expect, it} from 'vitest'
import {pollUntil} from '../helpers/poll.js'
import {cli, cli2, tempDir, uniqueName} from '../helpers/server-env.js'

/**
 * Two nodes sharing one database (CI: `server start --storage postgres --nodes 2`): what one node is
 * told, the other knows. Writes go through one node and reads through the other; the search index is
 * written as executions change, so reads of it wait for it to catch up. With one node (the SQLite
 * suite) both URLs are the same server and the same checks hold.
 */

const url1 = inject('serverUrl')
const url2 = inject('serverUrl2')
const storage = inject('storage')

async function raw<T>(base: string, method: string, path: string, body?: unknown): Promise<{status: number; body: T}> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : {'content-type': 'application/json'},
    ...(body === undefined ? {} : {body: JSON.stringify(body)}),
  })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {}
  return {status: response.status, body: parsed as T}
}

function writeDefs(defs: unknown[]): string {
  const dir = tempDir('conductor-two-nodes-')
  defs.forEach((def, i) => writeFileSync(join(dir, `def${i}.json`), JSON.stringify(def, null, 2)))
  return dir
}

const lines = (text: string) => text.split('\n').filter(Boolean)

describe('two nodes, one database', () => {
  it('the suite really has two nodes when it says so', () => {
    if (Number(process.env.CONDUCTOR_TEST_NODES ?? 1) > 1 || process.env.CONDUCTOR_TEST_SERVER_URL2)
      expect(url2).not.toBe(url1)
    else expect(url2).toBe(url1)
  })

  it('a definition registered through one node is read and diffed through the other', async () => {
    const task = uniqueName('it_nodes_task')
    const workflow = uniqueName('it_nodes_wf')
    const dir = writeDefs([
      {name: task, ownerEmail: 't@x.io', retryCount: 2, timeoutSeconds: 60, responseTimeoutSeconds: 30},
      {
        name: workflow,
        schemaVersion: 2,
        ownerEmail: 't@x.io',
        tasks: [{name: task, taskReferenceName: 'a', type: 'SIMPLE'}],
      },
    ])
    const registered = await cli(['workflow', 'register', dir, '--json'])
    expect(registered.exitCode, registered.stderr).toBe(0)
    const got = await cli2(['workflow', 'get', workflow, '--json'])
    expect(got.exitCode, got.stderr).toBe(0)
    expect(JSON.parse(got.stdout)).toMatchObject({name: workflow, tasks: [{name: task}]})
    const def = await raw<{retryCount: number}>(url2, 'GET', `/metadata/taskdefs/${task}`)
    expect(def).toMatchObject({status: 200, body: {retryCount: 2}})
    const diff = await cli2(['workflow', 'diff', dir])
    expect(diff.exitCode, diff.stdout + diff.stderr).toBe(0)
    const again = await cli2(['workflow', 'register', dir, '--json'])
    expect(again.exitCode).toBe(0)
    expect(JSON.stringify(JSON.parse(again.stdout))).not.toMatch(/"(created|updated)"/)
  })

  it('a task definition changed through one node is what the other serves within seconds', async () => {
    const task = uniqueName('it_nodes_cached')
    const def = (retryCount: number) => [
      {name: task, ownerEmail: 't@x.io', retryCount, timeoutSeconds: 60, responseTimeoutSeconds: 30},
    ]
    expect((await raw(url1, 'POST', '/metadata/taskdefs', def(2))).status).toBe(200)
    // the other node caches definitions on its periodic refresh: let it cache this one
    await new Promise((resolve) => setTimeout(resolve, 3000))
    expect((await raw(url1, 'PUT', '/metadata/taskdefs', def(5)[0])).status).toBe(200)
    const seen = await pollUntil(
      () => raw<{retryCount: number}>(url2, 'GET', `/metadata/taskdefs/${task}`),
      (r) => r.body.retryCount === 5,
      8000,
    )
    expect(seen.body.retryCount).toBe(5)
  })

  it('an execution started through one node is followed, searched and found through the other', async () => {
    const name = uniqueName('it_nodes_run')
    const put = await raw(url1, 'PUT', '/metadata/workflow', [
      {
        name,
        schemaVersion: 2,
        ownerEmail: 't@x.io',
        inputParameters: ['who'],
        tasks: [
          {
            name: 'hello',
            taskReferenceName: 'hello',
            type: 'INLINE',
            inputParameters: {evaluatorType: 'graaljs', who: '${workflow.input.who}', expression: "'hi ' + $.who"},
          },
        ],
        outputParameters: {greeting: '${hello.output.result}'},
      },
    ])
    expect(put.status).toBe(200)
    const run = await cli(['run', name, '--input', 'who=nodes', '--correlation-id', `${name}-c`, '--json'])
    expect(run.exitCode, run.stderr).toBe(0)
    const id = (JSON.parse(run.stdout) as {workflowId: string}).workflowId
    const watched = await cli2(['execution', 'watch', id, '--for', '60s', '--json'])
    expect(watched.exitCode, watched.stderr).toBe(0)
    expect(JSON.parse(watched.stdout)).toMatchObject({status: 'COMPLETED', output: {greeting: 'hi nodes'}})
    const found = await pollUntil(
      () => cli2(['search', `workflow=${name} and status=COMPLETED and correlationId=${name}-c`, '--ids']),
      (r) => lines(r.stdout).includes(id),
      30_000,
      300,
    )
    expect(lines(found.stdout), found.stderr).toEqual([id])
  })

  it('executions started through one node are terminated by a query through the other', async () => {
    const name = uniqueName('it_nodes_bulk')
    const put = await raw(url2, 'PUT', '/metadata/workflow', [
      {name, schemaVersion: 2, ownerEmail: 't@x.io', tasks: [{name: 'w', taskReferenceName: 'w', type: 'WAIT'}]},
    ])
    expect(put.status).toBe(200)
    const ids: string[] = []
    for (let i = 0; i < 6; i++) {
      const r = await raw<string>(url1, 'POST', '/workflow', {name, input: {i}})
      expect(r.status).toBe(200)
      ids.push(String(r.body).trim())
    }
    const query = `workflow=${name} and status=RUNNING`
    const indexed = await pollUntil(
      () => cli2(['search', query, '--ids', '--all']),
      (r) => lines(r.stdout).length === ids.length,
      30_000,
      300,
    )
    expect(lines(indexed.stdout).sort()).toEqual([...ids].sort())
    const terminated = await cli2(['terminate', '--query', query, '--yes', '--reason', 'two nodes'])
    expect(terminated.exitCode, terminated.stderr).toBe(0)
    for (const id of ids) {
      const e = await raw<{status: string; reasonForIncompletion?: string}>(
        url1,
        'GET',
        `/workflow/${id}?includeTasks=false`,
      )
      expect(e.body).toMatchObject({status: 'TERMINATED'})
    }
    // the index catches up: the same query through the first node finds none left running
    const left = await pollUntil(
      () => cli(['search', query, '--ids', '--all']),
      (r) => r.exitCode === 0 && lines(r.stdout).length === 0,
      30_000,
      300,
    )
    expect(lines(left.stdout)).toEqual([])
  })

  it('a task parked by an execution started on one node is completed through the other', async () => {
    const name = uniqueName('it_nodes_wait')
    const put = await raw(url1, 'PUT', '/metadata/workflow', [
      {
        name,
        schemaVersion: 2,
        ownerEmail: 't@x.io',
        tasks: [{name: 'w', taskReferenceName: 'approve', type: 'WAIT'}],
        outputParameters: {ok: '${approve.output.ok}'},
      },
    ])
    expect(put.status).toBe(200)
    const r = await raw<string>(url1, 'POST', '/workflow', {name, input: {}})
    const id = String(r.body).trim()
    const parked = await pollUntil(
      () => raw<{tasks: {status: string}[]}>(url2, 'GET', `/workflow/${id}`),
      (e) => e.body.tasks[0]?.status === 'IN_PROGRESS',
      15_000,
    )
    expect(parked.body.tasks[0]?.status).toBe('IN_PROGRESS')
    const done = await cli2(['task', 'complete', id, 'approve', '--output', 'ok=true'])
    expect(done.exitCode, done.stderr).toBe(0)
    const watched = await cli(['execution', 'watch', id, '--for', '60s', '--json'])
    expect(JSON.parse(watched.stdout)).toMatchObject({status: 'COMPLETED', output: {ok: true}})
  })

  it('search --explain names the index each node runs, and server status every process', async () => {
    const explained = await cli2(['search', 'workflow=x* and since 1h', '--text', 'connection refused', '--explain'])
    expect(explained.exitCode, explained.stderr).toBe(0)
    if (storage === 'postgres') {
      expect(explained.stdout).toMatch(/backend: +postgres/)
      expect(explained.stdout).toContain("to_tsquery('connection <-> refused')")
    } else {
      expect(explained.stdout).toMatch(/backend: +sqlite/)
      expect(explained.stdout).toContain("lower(json_data) LIKE '%connection refused%'")
    }
    if (process.env.CONDUCTOR_TEST_SERVER_URL) return // a running server: not started by this suite
    const status = await cli(['server', 'status', '--json'])
    expect(status.exitCode, status.stderr).toBe(0)
    const rows = JSON.parse(status.stdout) as {kind: string; healthy: boolean; url: string; storage?: string}[]
    const conductors = rows.filter((r) => r.kind === 'conductor')
    expect(conductors.map((r) => r.url).sort()).toEqual([...new Set([url1, url2])].sort())
    expect(conductors.every((r) => r.healthy && r.storage === storage)).toBe(true)
    expect(rows.filter((r) => r.kind === 'postgres')).toHaveLength(storage === 'postgres' ? 1 : 0)
    expect(rows.every((r) => r.healthy)).toBe(true)
  })
})
