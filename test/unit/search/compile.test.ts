import {describe, expect, it} from 'vitest'
import {CliError} from '../../../src/lib/errors.js'
import {compileSearch, compileSort, type CompileOptions} from '../../../src/lib/search/compile.js'

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0) // 2026-11-27T12:00:00Z
const H = 3_600_000
const wf = (query: string, options: Partial<CompileOptions> = {}) =>
  compileSearch(query, {kind: 'workflow', now: NOW, ...options})
const task = (query: string, options: Partial<CompileOptions> = {}) =>
  compileSearch(query, {kind: 'task', now: NOW, ...options})

function usage(fn: () => unknown): CliError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(CliError)
    expect((error as CliError).kind).toBe('usage')
    expect((error as CliError).exitCode).toBe(2)
    return error as CliError
  }
  throw new Error('expected a usage error')
}

describe('compileSearch: exact output for the SQLite grammar', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['status=FAILED', 'status="FAILED"'],
    ['status = failed', 'status="FAILED"'],
    ['STATUS==Failed', 'status="FAILED"'],
    ['status in (FAILED, TIMED_OUT)', 'status IN (FAILED,TIMED_OUT)'],
    ['status IN(failed,timed_out , failed)', 'status IN (FAILED,TIMED_OUT)'],
    ['status=(failed, "timed out")', 'status IN (FAILED,TIMED_OUT)'],
    ['status in (FAILED)', 'status="FAILED"'],
    ['workflow=greetings', 'workflowType="greetings"'],
    ['type=greetings', 'workflowType="greetings"'],
    ['name="greetings"', 'workflowType="greetings"'],
    ["workflow_type='greetings'", 'workflowType="greetings"'],
    ['workflow=order*', 'workflowType="order*"'],
    ['workflow in (a, b)', 'workflowType IN (a,b)'],
    ['correlationId=abc', 'correlationId="abc"'],
    ['correlation="order 42"', 'correlationId="order 42"'],
    ['id=3f1c-9a', 'workflowId="3f1c-9a"'],
    ['workflowId=3f1c', 'workflowId="3f1c"'],
    ['parentWorkflowId=p1', 'parentWorkflowId="p1"'],
    ['parent=""', 'parentWorkflowId=""'],
    ['classifier=workflow', 'classifier="workflow"'],
    ['startTime>2026-11-01', `startTime>${Date.UTC(2026, 10, 1)}`],
    ['startTime>=2026-11-01', `startTime>${Date.UTC(2026, 10, 1) - 1}`],
    ['endTime<2026-11-01T10:30', `endTime<${Date.UTC(2026, 10, 1, 10, 30)} AND endTime>0`],
    ['endTime<=2026-11-01T10:30:00Z', `endTime<${Date.UTC(2026, 10, 1, 10, 30) + 1} AND endTime>0`],
    ['updateTime>1795798696481', 'updateTime>1795798696481'],
    ['updated > 2026-11-01T12:00+02:00', `updateTime>${Date.UTC(2026, 10, 1, 10)}`],
    ['startTime=2026-11-01', `startTime>${Date.UTC(2026, 10, 1) - 1} AND startTime<${Date.UTC(2026, 10, 2)}`],
    ['startTime>-48h', `startTime>${NOW - 48 * H}`],
    ['start>48h', `startTime>${NOW - 48 * H}`],
    ['startTime>now-1h30m', `startTime>${NOW - 1.5 * H}`],
    ['since 2d', `startTime>${NOW - 48 * H - 1}`],
    ['SINCE 2 days', `startTime>${NOW - 48 * H - 1}`],
    ['after 1h', `startTime>${NOW - H}`],
    ['before 1h', `startTime<${NOW - H}`],
    ['until today', `startTime<${Date.UTC(2026, 10, 27)}`],
    ['since yesterday', `startTime>${Date.UTC(2026, 10, 26) - 1}`],
    [
      'status=FAILED and workflow=greetings AND since 48h',
      `status="FAILED" AND workflowType="greetings" AND startTime>${NOW - 48 * H - 1}`,
    ],
    ['status=FAILED && workflow=x', 'status="FAILED" AND workflowType="x"'],
    ['  status=failed   and   workflow = "a b"  ', 'status="FAILED" AND workflowType="a b"'],
  ]
  for (const [input, query] of cases)
    it(`${JSON.stringify(input)} → ${query || '(none)'}`, () => {
      expect(wf(input).query).toBe(query)
    })

  it('never emits spaces around operators, lowercase and, >= or <=', () => {
    const {query} = wf('status in (failed, timed_out) and startTime >= -1d and endTime <= now and workflow = x*')
    expect(query).not.toMatch(/ and |>=|<=|[=<>] | [=<>]|, /)
    expect(query.split(' AND ')).toHaveLength(5) // with endTime>0: an upper bound alone would match unfinished executions
  })

  it('defaults freeText to * and the sort to startTime:DESC with the id as tie-breaker', () => {
    expect(wf('status=FAILED')).toMatchObject({freeText: '*', sort: 'startTime:DESC|workflowId:ASC', clientFilters: []})
    expect(task('status=FAILED').sort).toBe('startTime:DESC|taskId:ASC')
  })

  it('takes free text from --text or text=', () => {
    expect(wf('status=FAILED', {text: '  connection refused '}).freeText).toBe('connection refused')
    expect(wf('text="customer 42" and status=FAILED')).toMatchObject({
      freeText: 'customer 42',
      query: 'status="FAILED"',
    })
    expect(usage(() => wf('text=a', {text: 'b'})).message).toContain('free text is given twice')
  })

  it('filters version client-side (not a server column) and says so', () => {
    const compiled = wf('workflow=greetings and version=2')
    expect(compiled.query).toBe('workflowType="greetings"')
    expect(compiled.clientFilters).toEqual([{field: 'version', op: '=', values: [2]}])
    expect(wf('version in (1, 3)').clientFilters).toEqual([{field: 'version', op: 'in', values: [1, 3]}])
    expect(wf('version>=2').clientFilters).toEqual([{field: 'version', op: '>=', values: [2]}])
    expect(usage(() => wf('version=latest')).message).toContain('whole number')
  })

  it('records each resolved time for --explain', () => {
    expect(wf('since 2h and endTime<2026-11-01').times).toEqual([
      {text: 'since 2h', iso: '2026-11-27T10:00:00.000Z'},
      {text: 'endTime<2026-11-01', iso: '2026-11-01T00:00:00.000Z'},
    ])
  })
})

describe('compileSearch: task search', () => {
  it('has its own fields and aliases', () => {
    expect(task('task=charge and type=SIMPLE and status=failed_with_terminal_error and workflow=orders').query).toBe(
      'taskDefName="charge" AND taskType="SIMPLE" AND status="FAILED_WITH_TERMINAL_ERROR" AND workflowType="orders"',
    )
    expect(task('id=t1 and since 1h').query).toBe(`taskId="t1" AND startTime>${NOW - H - 1}`)
    expect(task('status in (scheduled, in_progress, canceled)').query).toBe(
      'status IN (SCHEDULED,IN_PROGRESS,CANCELED)',
    )
  })

  it('refuses workflow-only fields (the server would answer 500) and task statuses in workflow search', () => {
    expect(usage(() => task('correlationId=x')).hint).toContain('Task search cannot filter on "correlationId"')
    expect(usage(() => task('version=1')).message).toContain('not a field of task search')
    expect(usage(() => wf('taskType=SIMPLE')).hint).toContain('--tasks')
    expect(usage(() => wf('status=IN_PROGRESS')).message).toContain('not a workflow status')
    expect(usage(() => task('status=RUNNING')).message).toContain('not a task status')
  })
})

describe('compileSearch: refusals (nothing is ever sent unfiltered)', () => {
  it('names the allowed fields and suggests the closest one', () => {
    const error = usage(() => wf('stauts=FAILED'))
    expect(error.message).toContain('unknown field "stauts" (did you mean status?)')
    expect(error.hint).toContain('status')
    expect(error.hint).toContain('workflow (workflowType, type, name, workflowName)')
    expect(error.hint).toContain('Operators: = > < >= <= in (...)')
    expect(usage(() => wf('corelationId=x')).message).toContain('did you mean correlationId?')
    expect(usage(() => wf('workflwo=x')).message).toContain('did you mean workflow?')
    expect(usage(() => wf('zzz=1')).message).not.toContain('did you mean')
  })

  it('points at the place in the query', () => {
    expect(usage(() => wf('status=FAILED and stauts=X')).message).toContain(
      '\n  status=FAILED and stauts=X\n                    ^',
    )
  })

  it('suggests the closest status', () => {
    expect(usage(() => wf('status=FIALED')).message).toContain('did you mean FAILED?')
    expect(usage(() => wf('status=FIALED')).hint).toContain('RUNNING, COMPLETED, FAILED, TIMED_OUT, TERMINATED, PAUSED')
  })

  const refused: [string, string][] = [
    ['status!=FAILED', 'the operator != is not supported'],
    ['status<>FAILED', 'the operator <> is not supported'],
    ['workflow~x', 'the operator ~ is not supported'],
    ['status=FAILED or status=RUNNING', 'OR is not supported'],
    ['status=FAILED OR status=RUNNING', 'OR is not supported'],
    ['status=FAILED || status=RUNNING', 'OR is not supported'],
    ['not status=FAILED', 'NOT is not supported'],
    ['status not in (FAILED)', 'NOT IN is not supported'],
    ['status:FAILED', 'use = rather than :'],
    ['status', 'needs an operator and a value'],
    ['status=', 'expected a value after status='],
    ['status=FAILED and', 'needs a clause after it'],
    ['and status=FAILED', 'needs a clause before it'],
    ['status=FAILED workflow=x', 'expected "and" before "workflow"'],
    ['workflow=a b', 'expected "and" before "b"'],
    ['status in FAILED', 'expected ( after in'],
    ['status in (FAILED', 'expected , or ) in the list'],
    ['workflow="abc', 'never closed'],
    ['status>FAILED', 'status takes = or in (...), not >'],
    ['workflow<a', 'workflow takes = or in (...), not <'],
    ['startTime in (1, 2)', 'not in'],
    ['startTime>yesterdayish', 'is not a time'],
    ['startTime>2026-02-30', 'is not a time'],
    ['since', 'needs a time'],
    ['since soon', 'is not a time'],
    ['correlationId="a,b"', 'a comma cannot be searched'],
    ['correlationId="it\'s"', 'quotes and parentheses'],
    ['correlationId="a AND b"', '" AND " cannot appear'],
    ['workflow in (a*, b)', 'wildcards work with = only'],
    ['(status=FAILED)', 'expected a field name'],
  ]
  for (const [input, message] of refused)
    it(`${JSON.stringify(input)} → ${message}`, () => {
      expect(usage(() => wf(input)).message).toContain(message)
    })
})

describe('compileSort', () => {
  it('is forgiving on input and exact on output', () => {
    expect(compileSort('workflow', undefined)).toBe('startTime:DESC|workflowId:ASC')
    expect(compileSort('workflow', 'startTime:desc')).toBe('startTime:DESC|workflowId:ASC')
    expect(compileSort('workflow', 'start desc')).toBe('startTime:DESC|workflowId:ASC')
    expect(compileSort('workflow', 'workflow, endTime:Desc')).toBe('workflowType:ASC|endTime:DESC|workflowId:ASC')
    expect(compileSort('workflow', 'id:desc')).toBe('workflowId:DESC')
    expect(compileSort('task', 'task|start:asc')).toBe('taskDefName:ASC|startTime:ASC|taskId:ASC')
  })

  it('refuses unknown fields and directions', () => {
    expect(usage(() => compileSort('workflow', 'strtTime:desc')).message).toContain('did you mean startTime?')
    expect(usage(() => compileSort('workflow', 'version')).message).toContain('cannot sort by "version"')
    expect(usage(() => compileSort('workflow', 'startTime:down')).message).toContain('asc or desc')
  })
})
