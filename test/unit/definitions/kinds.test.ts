import {describe, expect, it} from 'vitest'
import {classify} from '../../../src/lib/definitions/kind.js'
import {promotedDocument} from '../../../src/lib/definitions/promote.js'
import {cronProblem, eventHandlerFindings, scheduleFindings} from '../../../src/lib/definitions/schedule-rules.js'
import {normalise} from '../../../src/lib/definitions/normalise.js'

describe('kinds recognised by content', () => {
  it('tells schedules and event handlers from workflow and task definitions', () => {
    expect(classify({name: 's', cronExpression: '0 0 * * * *', startWorkflowRequest: {name: 'w'}})).toEqual({
      kind: 'schedule',
    })
    expect(classify({name: 'e', event: 'sqs:q', actions: []})).toEqual({kind: 'event-handler'})
    expect(classify({name: 'w', tasks: []})).toEqual({kind: 'workflow'})
    expect(classify({name: 't', retryCount: 1})).toEqual({kind: 'task'})
  })
})

describe('schedule rules', () => {
  it('reads cron as Spring does: six fields, seconds first, or a macro', () => {
    expect(cronProblem('0 0 * * * *', 'UTC')).toBeUndefined()
    expect(cronProblem('0 0 12 ? * MON-FRI', 'Europe/Paris')).toBeUndefined()
    expect(cronProblem('@daily', undefined)).toBeUndefined()
    expect(cronProblem('0 0 * * *', undefined)).toMatch(/5 fields.*"0 0 0 \* \* \*"/)
    expect(cronProblem('61 0 * * * *', undefined)).toMatch(/not valid/)
  })

  it('checks the zone and the workflow and version a schedule starts', () => {
    const files = new Map([['w', new Set([1])]])
    const rules = (doc: Record<string, unknown>, server?: Map<string, Set<number>>) =>
      scheduleFindings({name: 's', cronExpression: '0 0 * * * *', ...doc}, server ? {files, server} : {files}).map(
        (f) => `${f.severity} ${f.rule}`,
      )
    expect(rules({startWorkflowRequest: {name: 'w', version: 1}})).toEqual([])
    expect(rules({zoneId: 'Mars/Base', startWorkflowRequest: {name: 'w'}})).toEqual(['error zone'])
    expect(rules({startWorkflowRequest: {name: 'w', version: 2}})).toEqual(['warning workflow-reference'])
    expect(rules({startWorkflowRequest: {name: 'x'}}, new Map())).toEqual(['error workflow-reference'])
    expect(rules({startWorkflowRequest: {name: 'x'}}, new Map([['x', new Set([3])]]))).toEqual([])
  })

  it('checks event handler actions', () => {
    const found = eventHandlerFindings(
      {name: 'e', event: 'nocolon', actions: [{action: 'complete_task', complete_task: {output: {}}}]},
      {files: new Map(), server: new Map()},
    )
    expect(found.map((f) => f.rule)).toEqual(['event', 'event-action'])
  })
})

describe('schedules normalised and promoted', () => {
  it('fills the scheduler defaults and drops what it sets itself', () => {
    const mine = normalise('schedule', {name: 's', cronExpression: '0 0 * * * *', startWorkflowRequest: {name: 'w'}})
    const server = normalise('schedule', {
      name: 's',
      cronExpression: '0 0 * * * *',
      runCatchupScheduleInstances: false,
      paused: false,
      startWorkflowRequest: {name: 'w', input: {}, taskToDomain: {}, priority: 0},
      zoneId: 'UTC',
      createTime: 1,
      updatedTime: 2,
      createdBy: '',
      updatedBy: '',
      cronSchedules: [],
    })
    expect(mine).toEqual(server)
  })

  it('a new schedule is promoted paused; an existing one keeps the target state', () => {
    const doc = {name: 's', paused: false}
    expect(promotedDocument('schedule', doc, undefined, false)).toMatchObject({paused: true})
    expect(promotedDocument('schedule', doc, {name: 's', paused: false}, false)).toMatchObject({paused: false})
    expect(promotedDocument('schedule', doc, undefined, true)).toMatchObject({paused: false})
    expect(promotedDocument('workflow', doc, undefined, false)).toBe(doc)
  })
})
