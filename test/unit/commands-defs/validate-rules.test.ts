import {beforeEach, describe, expect, it} from 'vitest'
import Plan from '../../../src/commands/plan.js'
import WorkflowValidate from '../../../src/commands/workflow/validate.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {defs, fakeConductor, tempDirs, type Doc} from './fake-conductor.js'

/**
 * The rules the server enforces (and the run-time failures it does not catch), seen through
 * `workflow validate --json` and `plan --json`: each case is a definition with one mistake and
 * the problem it must produce (rule id and JSON path).
 */
const server = mockServer()
const fake = fakeConductor(server)
const tmp = tempDirs()

type Problem = {rule: string; path: string; severity: string; message: string; line?: number}
async function problemsOf(doc: Doc | Doc[], command: unknown = WorkflowValidate): Promise<Problem[]> {
  const dir = await tmp.write({'def.json': doc})
  const result = await runInProcess(command as CommandClass, [dir, '--json'], server)
  return (result.doc as {problems: Problem[]}).problems
}
const task = (type: string, extra: Doc = {}): Doc => ({name: 'x', taskReferenceName: 'x', type, ...extra})
const wf = (...tasks: Doc[]) => defs.workflow('w', 1, tasks.length > 0 ? tasks : undefined)

describe('workflow rules', () => {
  const cases: [string, Doc | Doc[], Partial<Problem>][] = [
    [
      'an event handler listening to a workflow in neither the files nor (offline) the server: a warning',
      [
        wf(),
        {name: 'h', event: 'conductor:ghost:x', actions: [{action: 'start_workflow', start_workflow: {name: 'w'}}]},
      ],
      {rule: 'workflow-reference', severity: 'warning', path: '$.event'},
    ],
    ['an HTTP task without http_request', wf(task('HTTP')), {rule: 'task-input', path: '$.tasks[0].inputParameters'}],
    ['a KAFKA_PUBLISH task without kafka_request', wf(task('KAFKA_PUBLISH')), {rule: 'task-input'}],
    ['a JSON_JQ_TRANSFORM without queryExpression', wf(task('JSON_JQ_TRANSFORM')), {rule: 'task-input'}],
    [
      'a WAIT task with duration and until',
      wf(task('WAIT', {inputParameters: {duration: '10s', until: '2026-01-01 10:00'}})),
      {rule: 'wait-input', path: '$.tasks[0].inputParameters'},
    ],
    [
      'a WAIT task with a duration that is not one',
      wf(task('WAIT', {inputParameters: {duration: 'soon'}})),
      {rule: 'wait-input', path: '$.tasks[0].inputParameters.duration'},
    ],
    [
      'a WAIT task with an until that is not a date',
      wf(task('WAIT', {inputParameters: {until: 'tomorrow'}})),
      {rule: 'wait-input', path: '$.tasks[0].inputParameters.until'},
    ],
    [
      'a javascript SWITCH with a syntax error',
      wf(task('SWITCH', {evaluatorType: 'javascript', expression: 'if (', decisionCases: {a: [defs.simple('a')]}})),
      {rule: 'script-syntax', path: '$.tasks[0].expression'},
    ],
    [
      'a DECISION task (deprecated)',
      wf(task('DECISION', {caseValueParam: 'k', decisionCases: {a: [defs.simple('a')]}})),
      {rule: 'deprecated', severity: 'warning', path: '$.tasks[0].type'},
    ],
    [
      'a LAMBDA task (deprecated)',
      wf(task('LAMBDA', {scriptExpression: 'return 1'})),
      {rule: 'deprecated', severity: 'warning'},
    ],
    [
      'an INLINE task without expression',
      wf(task('INLINE', {inputParameters: {evaluatorType: 'graaljs'}})),
      {rule: 'inline-input'},
    ],
    [
      'a SUB_WORKFLOW task naming no workflow',
      wf(task('SUB_WORKFLOW', {subWorkflowParam: {version: 1}})),
      {rule: 'sub-workflow-name', path: '$.tasks[0].subWorkflowParam'},
    ],
    ['a START_WORKFLOW task without startWorkflow.name', wf(task('START_WORKFLOW')), {rule: 'start-workflow-input'}],
    [
      'an output that names a task the workflow does not have',
      defs.workflow('w', 1, [defs.simple('a')], {outputParameters: {r: '${nosuch.output.x}'}}),
      {rule: 'unknown-ref', severity: 'warning', path: '$.outputParameters.r'},
    ],
    [
      'an unknown field, with a suggestion',
      defs.workflow('w', 1, undefined, {tiemoutSeconds: 5}),
      {rule: 'unknown-field', path: '$.tiemoutSeconds'},
    ],
    [
      'an explicit null on a primitive field',
      defs.workflow('w', 1, undefined, {restartable: null}),
      {rule: 'null-value', severity: 'warning', path: '$.restartable'},
    ],
    ['a null in a task', wf({...defs.simple('a'), optional: null}), {rule: 'null-value', path: '$.tasks[0].optional'}],
    [
      'an unknown field inside a fork branch',
      wf(
        task('FORK_JOIN', {forkTasks: [[{...defs.simple('b'), bogus: 1}]]}),
        task('JOIN', {taskReferenceName: 'j', name: 'j', joinOn: ['b']}),
      ),
      {rule: 'unknown-field', path: '$.tasks[0].forkTasks[0][0].bogus'},
    ],
    [
      'an embedded task definition with a negative retryCount',
      wf({...defs.simple('a'), taskDefinition: {name: 'a', retryCount: -1}}),
      {path: '$.tasks[0].taskDefinition.retryCount'},
    ],
  ]
  for (const [what, doc, expected] of cases)
    it(what, async () => {
      const problems = await problemsOf(doc)
      expect(problems, JSON.stringify(problems)).toContainEqual(expect.objectContaining(expected))
    })

  it('a problem carries the line and column of the value in the file', async () => {
    const problems = await problemsOf(wf(task('HTTP')))
    const p = problems.find((x) => x.rule === 'task-input')
    expect(p?.line).toBeGreaterThan(1)
  })
})

describe('schedule and event handler rules (through plan)', () => {
  // plan reads what the server holds: here, nothing
  beforeEach(() => fake.holds({workflows: [], taskDefs: [], schedules: [], handlers: []}))
  const schedule = (extra: Doc) => ({...defs.schedule('s', 'w'), ...extra})
  const cases: [string, Doc | Doc[], Partial<Problem>][] = [
    ['an unknown time zone', [wf(), schedule({zoneId: 'Mars/Olympus'})], {rule: 'zone', path: '$.zoneId'}],
    [
      'no cron at all',
      [wf(), {name: 's', startWorkflowRequest: {name: 'w'}}],
      {rule: 'cron', path: '$.cronExpression'},
    ],
    ['a cron of five fields', [wf(), schedule({cronExpression: '0 * * * *'})], {rule: 'cron'}],
    [
      'a bad entry in cronSchedules',
      [
        wf(),
        {
          name: 's',
          startWorkflowRequest: {name: 'w'},
          cronSchedules: [{cronExpression: '0 0 * * * *', zoneId: 'Nowhere/X'}],
        },
      ],
      {rule: 'zone', path: '$.cronSchedules[0].zoneId'},
    ],
    [
      'a bad cron in cronSchedules',
      [wf(), {name: 's', startWorkflowRequest: {name: 'w'}, cronSchedules: [{cronExpression: '61 * * * * *'}]}],
      {rule: 'cron', path: '$.cronSchedules[0].cronExpression'},
    ],
    [
      'an end before the start',
      [wf(), schedule({scheduleStartTime: 2000, scheduleEndTime: 1000})],
      {rule: 'schedule-window', path: '$.scheduleEndTime'},
    ],
    [
      'a version of the workflow that does not exist',
      [wf(), schedule({startWorkflowRequest: {name: 'w', version: 7}})],
      {rule: 'workflow-reference', severity: 'error', path: '$.startWorkflowRequest.version'},
    ],
    [
      'an event that is not TYPE:QUEUE',
      [wf(), {name: 'h', event: 'nocolon', actions: [{action: 'start_workflow', start_workflow: {name: 'w'}}]}],
      {rule: 'event', path: '$.event'},
    ],
    [
      'an action without its details',
      [wf(), {name: 'h', event: 'conductor:w:x', actions: [{action: 'complete_task'}]}],
      {rule: 'event-action', path: '$.actions[0].complete_task'},
    ],
  ]
  for (const [what, doc, expected] of cases)
    it(what, async () => {
      const problems = await problemsOf(doc, Plan)
      expect(problems, JSON.stringify(problems)).toContainEqual(expect.objectContaining(expected))
      // the mistake is the only error: the rest of the tree is valid
      expect(problems.filter((p) => p.severity === 'error').length).toBeLessThanOrEqual(1)
      expect(fake.writes()).toEqual([])
    })
})
