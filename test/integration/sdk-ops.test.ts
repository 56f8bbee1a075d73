import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {pollUntil} from '../helpers/poll.js'
import {cli, serverGet, serverUrl, tempDir, uniqueName} from '../helpers/server-env.js'

/** The Python SDK guide's operations the CLI lacked (issue 13 item 4), against the real server. */

interface Exec {
  status: string
  input: Record<string, unknown>
  output: Record<string, unknown>
  taskToDomain?: Record<string, string>
  reasonForIncompletion?: string
  tasks: {
    taskId: string
    referenceTaskName: string
    status: string
    domain?: string
    inputData: Record<string, unknown>
    outputData: Record<string, unknown>
    reasonForIncompletion?: string
  }[]
}

const dir = tempDir('conductor-sdkops-it-')
const api = () => serverUrl().replace(/\/api$/, '') + '/api'

/** Two SIMPLE tasks; the output reads the second one's output. Never registered. */
const twoTasks = (name: string) => ({
  name,
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'cli-tests@example.com',
  tasks: [
    {name: `${name}_a`, taskReferenceName: 'a', type: 'SIMPLE', inputParameters: {n: '${workflow.input.n}'}},
    {name: `${name}_b`, taskReferenceName: 'b', type: 'SIMPLE', inputParameters: {}},
  ],
  outputParameters: {tier: '${b.output.tier}'},
})

function file(name: string, content: unknown): string {
  const path = join(dir, name)
  writeFileSync(path, JSON.stringify(content, null, 2))
  return path
}

const execution = async (id: string) => (await serverGet<Exec>(`/workflow/${id}`)).body
const task = (wf: Exec, ref: string) => wf.tasks.filter((t) => t.referenceTaskName === ref).at(-1)
const remove = (id: string) =>
  fetch(`${api()}/workflow/${id}/remove?archiveWorkflow=false`, {method: 'DELETE'}).catch(() => undefined)

async function start(name: string, extra: string[] = []): Promise<string> {
  const def = file(`${name}.json`, twoTasks(name))
  const result = await cli(['run', '--file', def, '--input', 'n=1', ...extra])
  expect(result.exitCode, result.stderr).toBe(0)
  return result.stdout.trim()
}

describe('run --file and --task-to-domain', () => {
  it('runs an unregistered definition (dynamic start) with tasks routed to domains', async () => {
    const name = uniqueName('it_dyn')
    const id = await start(name, ['--task-to-domain', `${name}_a=blue`])
    const wf = await execution(id)
    expect(wf.status).toBe('RUNNING')
    expect(wf.taskToDomain).toEqual({[`${name}_a`]: 'blue'})
    expect(task(wf, 'a')).toMatchObject({status: 'SCHEDULED', domain: 'blue', inputData: {n: 1}})
    expect((await serverGet(`/metadata/workflow/${name}`)).status).toBe(404)
    await cli(['execution', 'terminate', id, '--yes'])
    await remove(id)
  })

  it('validates the file offline first (exit 3, nothing started) and refuses NAME with --file', async () => {
    const bad = file('bad.json', {name: uniqueName('it_dyn_bad'), version: 1, tasks: [{name: 'x', type: 'SIMPLE'}]})
    const invalid = await cli(['run', '--file', bad])
    expect(invalid.exitCode).toBe(3)
    expect(invalid.stderr).toContain('nothing was started')
    expect((await cli(['run', 'somename', '--file', bad])).exitCode).toBe(2)
    expect((await cli(['run'])).exitCode).toBe(2)
  })
})

describe('skip-task with input and output', () => {
  it("records the skipped task's input and output on the SKIPPED task", async () => {
    const name = uniqueName('it_skip')
    const id = await start(name)
    const result = await cli([
      'execution',
      'skip-task',
      id,
      'b',
      '--task-output',
      'tier=gold',
      '--task-input',
      'why=manual',
      '--yes',
    ])
    expect(result.exitCode, result.stderr).toBe(0)
    const wf = await execution(id)
    expect(task(wf, 'b')).toMatchObject({status: 'SKIPPED', inputData: {why: 'manual'}, outputData: {tier: 'gold'}})
    await cli(['execution', 'terminate', id, '--yes'])
    await remove(id)
  })
})

describe('task complete by task id, with a reason and log lines', () => {
  it('fails task a by its id with a reason and logs; an ended task is refused (exit 5); an unknown id is exit 4', async () => {
    const name = uniqueName('it_tcid')
    const id = await start(name)
    const a = task(await execution(id), 'a')
    const result = await cli([
      'task',
      'complete',
      a?.taskId as string,
      '--status',
      'FAILED_WITH_TERMINAL_ERROR',
      '--reason',
      'card declined',
      '--log',
      'checked by ops',
      '--log',
      'second line',
      '--output-data',
      'code=51',
      '--json',
    ])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({workflowId: id, ref: 'a', taskId: a?.taskId})
    const wf = await pollUntil(
      () => execution(id),
      (w) => w.status === 'FAILED',
      15_000,
    )
    expect(task(wf, 'a')).toMatchObject({
      status: 'FAILED_WITH_TERMINAL_ERROR',
      reasonForIncompletion: 'card declined',
      outputData: {code: 51},
    })
    const logs = await serverGet<{log: string}[]>(`/tasks/${a?.taskId}/log`)
    expect(logs.body.map((l) => l.log)).toEqual(['checked by ops', 'second line'])
    const again = await cli(['task', 'complete', a?.taskId as string])
    expect(again.exitCode).toBe(5)
    expect(again.stderr).toContain('has already ended: FAILED_WITH_TERMINAL_ERROR')
    expect((await cli(['task', 'complete', '00000000-0000-4000-8000-000000000000'])).exitCode).toBe(4)
    await remove(id)
  })

  it('by workflow id and ref with --reason uses the same TaskResult path', async () => {
    const name = uniqueName('it_tcref')
    const id = await start(name)
    const result = await cli(['task', 'complete', id, 'a', '--output-data', 'x=1', '--reason', 'by hand'])
    expect(result.exitCode, result.stderr).toBe(0)
    const wf = await pollUntil(
      () => execution(id),
      (w) => task(w, 'a')?.status === 'COMPLETED',
      15_000,
    )
    expect(task(wf, 'a')).toMatchObject({outputData: {x: 1}, reasonForIncompletion: 'by hand'})
    await cli(['execution', 'terminate', id, '--yes'])
    await remove(id)
  })
})

describe('rerun input that replaces, and keys removed', () => {
  it('--workflow-input-file replaces the input; --unset-workflow-input removes a key; --replace-input builds from nothing', async () => {
    const name = uniqueName('it_rerun')
    const id = await start(name, ['--input', 'debug=true', '--input', 'keep=1'])
    await cli(['execution', 'terminate', id, '--yes'])
    const replaced = await cli([
      'execution',
      'rerun',
      id,
      '--workflow-input-file',
      file('new-input.json', {fresh: 'yes', drop: 1}),
      '--unset-workflow-input',
      'drop',
      '--yes',
    ])
    expect(replaced.exitCode, replaced.stderr).toBe(0)
    expect((await execution(id)).input).toEqual({fresh: 'yes'})
    await cli(['execution', 'terminate', id, '--yes'])
    const merged = await cli([
      'execution',
      'rerun',
      id,
      '--workflow-input',
      'n=7',
      '--unset-workflow-input',
      'fresh',
      '-y',
    ])
    expect(merged.exitCode, merged.stderr).toBe(0)
    expect((await execution(id)).input).toEqual({n: 7})
    await cli(['execution', 'terminate', id, '--yes'])
    const fromNothing = await cli(['execution', 'rerun', id, '--replace-input', '--workflow-input', 'only=1', '-y'])
    expect(fromNothing.exitCode, fromNothing.stderr).toBe(0)
    expect((await execution(id)).input).toEqual({only: 1})
    const typo = await cli(['execution', 'rerun', id, '--unset-workflow-input', 'nope', '-y'])
    expect(typo.exitCode).toBe(2)
    await cli(['execution', 'terminate', id, '--yes'])
    await remove(id)
  })
})

describe('terminate with the failure workflow', () => {
  it('--trigger-failure-workflow is refused on Conductor OSS (it cannot start it) and nothing is terminated', async () => {
    const name = uniqueName('it_term')
    const id = await start(name)
    const result = await cli(['execution', 'terminate', id, '--trigger-failure-workflow', '--yes'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('this server is Conductor OSS, which cannot start the failure workflow')
    expect((await execution(id)).status).toBe('RUNNING')
    await cli(['execution', 'terminate', id, '--yes'])
    await remove(id)
  })
})
