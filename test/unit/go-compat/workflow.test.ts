import {describe, expect, it} from 'vitest'
import {CliError} from '../../../src/lib/errors.js'
import {
  goFailureLine,
  goSearchQuery,
  goSuccessLine,
  jsonObjectFlag,
  parseDeleteLines,
  parseGoTime,
  searchTable,
} from '../../../src/lib/go-compat/workflow.js'

describe("the Go CLI's workflow output and input forms", () => {
  it('prints the success line of each control command', () => {
    expect(goSuccessLine('terminate', 'abc')).toBe('abc')
    expect(goSuccessLine('pause', 'abc')).toBe('workflow abc paused successfully')
    expect(goSuccessLine('resume', 'abc')).toBe('workflow abc resumed successfully')
    expect(goSuccessLine('restart', 'abc')).toBe('workflow abc restarted successfully')
    expect(goSuccessLine('retry', 'abc')).toBe('workflow abc retry initiated successfully')
    expect(goSuccessLine('delete', 'abc')).toBe('workflow execution abc deleted successfully')
    expect(goFailureLine('pause', 'abc', 'no such')).toBe('error pausing workflow abc: no such')
  })

  it('reads the time formats of --start-time-after/--before as UTC, and epoch ms', () => {
    expect(parseGoTime('2026-12-01 10:20:30', 'f')).toBe(Date.UTC(2026, 11, 1, 10, 20, 30))
    expect(parseGoTime('2026-12-01T10:20:30Z', 'f')).toBe(Date.UTC(2026, 11, 1, 10, 20, 30))
    expect(parseGoTime('2026-12-01 10:20', 'f')).toBe(Date.UTC(2026, 11, 1, 10, 20))
    expect(parseGoTime('2026-12-01', 'f')).toBe(Date.UTC(2026, 11, 1))
    expect(parseGoTime('12/01/2026', 'f')).toBe(Date.UTC(2026, 11, 1))
    expect(parseGoTime('12/01/2026 01:02:03', 'f')).toBe(Date.UTC(2026, 11, 1, 1, 2, 3))
    expect(parseGoTime('1733500000000', 'f')).toBe(1733500000000)
    expect(() => parseGoTime('yesterday', '--start-time-after')).toThrow(CliError)
  })

  it('turns the search flags into a query of ours', () => {
    expect(goSearchQuery({})).toBe('')
    expect(goSearchQuery({workflow: 'a,b', status: 'FAILED', after: '1000', before: '2000'})).toBe(
      'workflow in (a, b) and status in (FAILED) and startTime>1000 and startTime<2000',
    )
  })

  it('prints the fixed-width search table with - for missing times', () => {
    const table = searchTable([{workflowId: 'id1', workflowType: 'wf', status: 'RUNNING', startTime: 'T1'}])
    const [header, row] = table.split('\n')
    expect(header).toBe(
      `${'START TIME'.padEnd(25)} ${'WORKFLOW ID'.padEnd(38)} ${'WORKFLOW NAME'.padEnd(30)} ${'END TIME'.padEnd(25)} ${'STATUS'.padEnd(15)}`,
    )
    expect(row).toBe(
      `${'T1'.padEnd(25)} ${'id1'.padEnd(38)} ${'wf'.padEnd(30)} ${'-'.padEnd(25)} ${'RUNNING'.padEnd(15)}`,
    )
  })

  it('reads NAME VERSION lines for delete, refusing any bad line before anything is deleted', () => {
    expect(parseDeleteLines('a 1\n\n  "b c" 2  \n')).toEqual([
      {name: 'a', version: 1},
      {name: 'b c', version: 2},
    ])
    expect(() => parseDeleteLines('a 1\nb\n')).toThrow(/line 2/)
    expect(() => parseDeleteLines('a x\n')).toThrow(/expected NAME VERSION/)
  })

  it('takes JSON objects only for -i and the task inputs', () => {
    expect(jsonObjectFlag(undefined, '-i')).toBeUndefined()
    expect(jsonObjectFlag('{"a":1}', '-i')).toEqual({a: 1})
    expect(() => jsonObjectFlag('[1]', '-i')).toThrow(/JSON object/)
    expect(() => jsonObjectFlag('nope', '-i')).toThrow(/not valid JSON/)
  })
})
