import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {FAILURE_SHAPE, JSON_SHAPES} from '../../src/lib/command/json-shapes.js'
import {misfits, misfitsBesideError, misfitsForm, parseShape} from '../helpers/json-shape.js'
import {cli, tempDir, uniqueName} from '../helpers/server-env.js'

/** --json documents against the real server have the shapes json-shapes.ts declares (and --help shows). */
const dir = tempDir('conductor-json-shapes-')
const name = uniqueName('it_json_shape')
const task = uniqueName('it_json_task')
const wfFile = join(dir, 'wf.json')
const taskFile = join(dir, 'task.json')
writeFileSync(
  wfFile,
  JSON.stringify({
    name,
    version: 1,
    schemaVersion: 2,
    ownerEmail: 'it@example.com',
    tasks: [{name: 'v', taskReferenceName: 'v', type: 'SET_VARIABLE', inputParameters: {seen: '${workflow.input.x}'}}],
    outputParameters: {seen: '${workflow.variables.seen}'},
  }),
)
writeFileSync(
  taskFile,
  JSON.stringify({
    name: task,
    retryCount: 0,
    timeoutSeconds: 60,
    responseTimeoutSeconds: 30,
    ownerEmail: 'it@example.com',
  }),
)

async function json(id: string, args: string[], when?: string): Promise<unknown> {
  const r = await cli([...id.split(':'), ...args, '--json'])
  expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0)
  const doc = JSON.parse(r.stdout) as unknown
  expect(misfitsForm(doc, JSON_SHAPES[id] ?? [], when), r.stdout.slice(0, 500)).toEqual([])
  return doc
}

let workflowId = ''
beforeAll(async () => {
  await json('task:register', [taskFile])
  await json('workflow:register', [wfFile])
}, 120_000)

describe('--json shapes against the real server', () => {
  it('definitions: get, versions, list, diff, task get', async () => {
    await json('workflow:get', [name])
    await json('workflow:versions', [name])
    await json('workflow:list', ['--name', name])
    await json('workflow:diff', [wfFile])
    await json('task:get', [task])
  })

  it('executions: run, run --wait, execution get, workflow status, get-execution; doctor, workflow test', async () => {
    workflowId = ((await json('run', [name, '--input', 'x=1'])) as {workflowId: string}).workflowId
    await json('run', [name, '--input', 'x=2', '--wait', '60s'], '--wait')
    await json('execution:get', [workflowId])
    await json('workflow:status', [workflowId])
    await json('workflow:get-execution', [workflowId])
    await json('doctor', [])
    await json('workflow:test', [wfFile, '--input', 'x=3'])
  })

  it('a failure: the error, and beside it what the shape allows', async () => {
    const r = await cli(['execution', 'pause', workflowId, 'no-such-execution-id', '--json'])
    expect(r.exitCode).not.toBe(0)
    const doc = JSON.parse(r.stdout) as Record<string, unknown>
    expect(misfits(doc, parseShape(FAILURE_SHAPE))).toEqual([])
    expect(Array.isArray(doc.result)).toBe(true)
    expect(misfitsBesideError(doc, JSON_SHAPES['execution:pause'] ?? [])).toEqual([])
  })

  it('deletes: workflow delete, task delete', async () => {
    await json('workflow:delete', [name, '1', '--yes'])
    await json('task:delete', [task, '--yes'])
  })
})
