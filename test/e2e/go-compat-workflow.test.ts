import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {runScript} from '../helpers/shell-script.js'

const script = readFileSync(new URL('./go-compat/workflow.sh', import.meta.url), 'utf8')

describe("the Go CLI's workflow commands, driven by a shell script as its users write them", () => {
  it('create, get, list, start, search, status and every control command answer as scripts expect', async () => {
    const result = await runScript(script, {timeoutMs: 600_000})
    expect(result.stderr).not.toContain('ASSERTION FAILED')
    expect(result.stdout).toContain('workflow.sh: all passed')
    expect(result.exitCode).toBe(0)
  }, 660_000)
})
