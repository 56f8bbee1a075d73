import {cpSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {runCli} from '../../helpers/run-cli.js'

/** `workflow validate --strict` accepts what `workflow register` and `diff` accept: a folder of both kinds. */
describe('workflow validate of a mixed folder', () => {
  it('checks the workflow and the task definition, and --strict passes', {timeout: 60_000}, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conductor-mixed-'))
    cpSync(fileURLToPath(new URL('../../../examples/greetings', import.meta.url)), dir, {recursive: true})
    const r = await runCli(['workflow', 'validate', dir, '--strict', '--json'])
    expect(r.exitCode, r.stdout).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({summary: {definitions: 2, errors: 0, warnings: 0}})
    const tasks = await runCli(['task', 'validate', dir, '--json'])
    expect(JSON.parse(tasks.stdout)).toMatchObject({summary: {definitions: 1}})
  })
})
