import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {beforeAll, expect, it} from 'vitest'
import {cli, uniqueName} from '../helpers/server-env.js'
import {runScript} from '../helpers/shell-script.js'

const script = readFileSync(fileURLToPath(new URL('go-compat/schedule.sh', import.meta.url)), 'utf8')
const workflow = uniqueName('sched_wf')

beforeAll(async () => {
  const registered = await cli(['workflow', 'register', '-'], {
    input: JSON.stringify({
      name: workflow,
      version: 1,
      schemaVersion: 2,
      ownerEmail: 'cli-tests@example.com',
      tasks: [{name: 'wait', taskReferenceName: 'wait', type: 'WAIT'}],
    }),
  })
  expect(registered.exitCode, registered.stderr).toBe(0)
})

it('drives every schedule command the way the Go CLI README shows it', async () => {
  const result = await runScript(script, {env: {WF: workflow}, timeoutMs: 170_000})
  expect(result.stderr).not.toContain('ASSERTION FAILED')
  expect(result.exitCode, result.stderr).toBe(0)
  expect(result.stdout).toContain('ALL-PASSED')
}, 180_000)
