import {describe, expect, it} from 'vitest'
import type {RegisterResult} from '../../../src/lib/definitions/register.js'
import {REGISTER_COLUMNS, registerEnding, registerNotes} from '../../../src/lib/definitions/register-report.js'

const result = (action: RegisterResult['action'], over: Partial<RegisterResult> = {}): RegisterResult => ({
  kind: 'workflow',
  name: 'orders',
  version: 2,
  file: 'orders.json',
  action,
  changedPaths: [],
  ...over,
})

describe('register report', () => {
  it('the version column shows the version replaced with --bump', () => {
    const version = REGISTER_COLUMNS.find((c) => c.header === 'Version')
    expect(version?.get(result('created', {previousVersion: 1}))).toBe('2 (was 1)')
    expect(version?.get(result('created'))).toBe(2)
    expect(version?.get(result('created', {kind: 'task', version: undefined}))).toBe('')
  })

  it('notes: the counts, a dry run said so, and what to do about unknown ones', () => {
    expect(registerNotes([result('created'), result('unchanged'), result('created')], false)).toEqual([
      '2 created, 1 unchanged',
    ])
    expect(registerNotes([], true)).toEqual(['nothing to do (dry run: nothing was sent)'])
    const notes = registerNotes([result('unknown')], false)
    expect(notes[0]).toBe('1 unknown (may have been applied)')
    expect(notes[1]).toMatch(/^1 may have been applied \(the request was cut off\)/)
  })

  it('ending: partial when any failed or is unknown, with the results', () => {
    expect(registerEnding([result('created')])).toBeUndefined()
    const ending = registerEnding([result('failed'), result('unknown'), result('updated')])
    expect(ending?.kind).toBe('partial')
    expect(ending?.message).toBe('2 definition(s) not confirmed registered')
    expect(ending?.quiet).toBe(true)
    expect(ending?.result).toHaveLength(3)
  })
})
