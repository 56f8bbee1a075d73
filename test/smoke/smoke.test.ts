import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {cli, tempDir, uniqueName} from '../helpers/server-env.js'

/**
 * The smoke run of `npm test`: one pass over the main job against the real server that
 * `conductor server start` launched (test/helpers/real-server.ts) — definitions as code, a worker,
 * a run, a search, and the --json contract on success and on failure. The full suite is
 * test/integration (run by .ci/run).
 */
const EXAMPLES = fileURLToPath(new URL('../../examples/greetings/', import.meta.url))

function exampleCopy(): {dir: string; workflow: string; task: string} {
  const workflow = uniqueName('smoke_greetings')
  const task = uniqueName('smoke_greet')
  const dir = join(tempDir('conductor-smoke-'), 'defs')
  mkdirSync(dir)
  const wf = JSON.parse(readFileSync(join(EXAMPLES, 'greetings.json'), 'utf8')) as {
    name: string
    tasks: {name: string}[]
  }
  wf.name = workflow
  for (const t of wf.tasks) t.name = task
  const def = JSON.parse(readFileSync(join(EXAMPLES, 'greet.json'), 'utf8')) as {name: string}
  def.name = task
  writeFileSync(join(dir, 'greetings.json'), JSON.stringify(wf, null, 2))
  writeFileSync(join(dir, 'greet.json'), JSON.stringify(def, null, 2))
  return {dir, workflow, task}
}

describe('smoke: the main job against a real server', () => {
  it('doctor reports a healthy OSS server', async () => {
    const r = await cli(['doctor', '--json'])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({healthy: true, flavour: 'oss'})
  })

  it('validates, registers (once), diffs, runs with a worker, and finds the run', async () => {
    const {dir, workflow, task} = exampleCopy()
    expect((await cli(['workflow', 'validate', dir])).exitCode).toBe(0)
    const first = await cli(['workflow', 'register', dir, '--json'])
    expect(first.exitCode, first.stderr).toBe(0)
    expect((JSON.parse(first.stdout) as {action: string}[]).map((r) => r.action).sort()).toEqual(['created', 'created'])
    const again = await cli(['workflow', 'register', dir, '--json'])
    expect((JSON.parse(again.stdout) as {action: string}[]).map((r) => r.action)).toEqual(['unchanged', 'unchanged'])
    expect((await cli(['workflow', 'diff', dir])).exitCode).toBe(0)

    const worker = cli(['worker', 'exec', task, '--count', '1', '--', process.execPath, join(EXAMPLES, 'greet.mjs')])
    const run = await cli(['run', workflow, '--input', 'name=Orkes', '--wait', '60s', '--json'])
    expect(run.exitCode, run.stderr).toBe(0)
    const outcome = JSON.parse(run.stdout) as {workflowId: string; status: string; output: unknown}
    expect(outcome).toMatchObject({status: 'COMPLETED', output: {greeting: 'Hello Orkes'}})
    expect((await worker).exitCode).toBe(0)

    let found: string[] = []
    for (let i = 0; i < 20 && !found.includes(outcome.workflowId); i++) {
      const search = await cli(['search', `workflow=${workflow}`, '--ids'])
      found = search.stdout.split('\n').filter(Boolean)
      if (!found.includes(outcome.workflowId)) await new Promise((r) => setTimeout(r, 500))
    }
    expect(found).toContain(outcome.workflowId)
  })

  it('ends a failure with one JSON document and the documented exit code', async () => {
    const r = await cli(['workflow', 'get', uniqueName('smoke_missing'), '--json'])
    expect(r.exitCode).toBe(4)
    expect(JSON.parse(r.stdout)).toMatchObject({error: {kind: 'notFound', exitCode: 4}})
    const diff = exampleCopy()
    const changed = await cli(['workflow', 'diff', diff.dir, '--json'])
    expect(changed.exitCode).toBe(1)
    expect(JSON.parse(changed.stdout)).toMatchObject({differences: 2, error: {kind: 'differences', exitCode: 1}})
  })
})
