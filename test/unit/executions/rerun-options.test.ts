import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {CliError} from '../../../src/lib/errors.js'
import {rerunOptions} from '../../../src/lib/executions/rerun-options.js'

describe('rerunOptions', () => {
  it('changes, removals and a replacing file per input', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rerun-')), 'input.yaml')
    writeFileSync(file, 'orderId: 7\n')
    const options = await rerunOptions('charge', {set: ['amount=10'], unset: ['debug']}, {file, set: []}, false)
    expect(options).toEqual({
      fromTask: 'charge',
      taskInput: {set: ['amount=10'], unset: ['debug'], replaceWith: undefined, replace: false},
      workflowInput: {set: [], unset: undefined, replaceWith: {orderId: 7}, replace: false},
    })
  })

  it('--replace-input replaces only an input that has KEY=VALUE changes', async () => {
    const options = await rerunOptions(undefined, {}, {set: ['a=1']}, true)
    expect(options.taskInput.replace).toBe(false)
    expect(options.workflowInput.replace).toBe(true)
  })

  it('a malformed KEY=VALUE or a missing file is refused before anything is sent', async () => {
    const bad = await rerunOptions(undefined, {}, {set: ['novalue']}, false).catch((e: unknown) => e)
    expect(bad).toBeInstanceOf(CliError)
    expect((bad as CliError).message).toContain('--workflow-input')
    const missing = await rerunOptions(undefined, {file: join(tmpdir(), 'no-such-input.json')}, {}, false).catch(
      (e: unknown) => e,
    )
    expect(missing).toBeInstanceOf(CliError)
    expect((missing as CliError).message).toContain('--task-input-file')
  })
})
