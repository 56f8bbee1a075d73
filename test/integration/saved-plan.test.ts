import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {cli, tempDir, uniqueName} from '../helpers/server-env.js'

describe('a plan saved inside the folder it plans (plan . --out ./plan.json)', () => {
  it('is passed over by the next plan, validate and apply of that folder', async () => {
    const dir = tempDir()
    const name = uniqueName('savedplan')
    writeFileSync(
      join(dir, 'wf.json'),
      JSON.stringify({
        name,
        version: 1,
        schemaVersion: 2,
        ownerEmail: 'cli-tests@example.com',
        tasks: [{name: 'w', taskReferenceName: 'w', type: 'WAIT'}],
      }),
    )
    const planFile = join(dir, 'plan.json')
    expect((await cli(['plan', dir, '--out', planFile])).exitCode).toBe(1)
    const again = await cli(['plan', dir, '--json'])
    expect(again.exitCode, again.stderr).toBe(1)
    const items = (JSON.parse(again.stdout) as {items: {name: string; action: string}[]}).items
    expect(items.map((i) => `${i.action} ${i.name}`)).toEqual([`create ${name}`])
    expect((await cli(['workflow', 'validate', dir])).exitCode).toBe(0)
    const applied = await cli(['apply', '--plan', planFile, '--yes'])
    expect(applied.exitCode, applied.stderr).toBe(0)
    expect((await cli(['plan', dir])).exitCode).toBe(0)
    const named = await cli(['workflow', 'validate', planFile])
    expect(named.exitCode).toBe(3)
    expect(named.stdout + named.stderr).toContain('a saved plan (conductor-plan/1), not a definition')
  }, 120_000)
})
