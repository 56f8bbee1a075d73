import {describe, expect, it} from 'vitest'
import {loadDefinitions} from '../../../src/lib/definitions/load.js'
import {sortProblems, type Problem} from '../../../src/lib/definitions/problems.js'
import {validateDefinitions} from '../../../src/lib/definitions/validate.js'
import {Readable} from 'node:stream'

/** Validates YAML given on "stdin", so positions are real. */
async function check(yamlOrJson: string, only?: 'workflow' | 'task'): Promise<Problem[]> {
  const loaded = await loadDefinitions(['-'], {
    stdin: Readable.from([Buffer.from(yamlOrJson)]),
    ...(only ? {only} : {}),
  })
  return [...loaded.problems, ...(await validateDefinitions(loaded.definitions))]
}
/** Problems in file order, as the report shows them. */
const rules = (problems: Problem[]) => sortProblems([...problems]).map((p) => `${p.severity} ${p.rule} ${p.path}`)

describe('workflow rules', () => {
  it('accepts a minimal workflow without a problem', async () => {
    expect(await check('name: w\ntasks:\n  - name: t\n    taskReferenceName: t\n')).toEqual([])
  })

  it('finds duplicate refs in nested forks, with the position of the second one', async () => {
    const problems = await check(`name: w
tasks:
  - name: fork
    taskReferenceName: fork
    type: FORK_JOIN
    forkTasks:
      - - {name: a, taskReferenceName: a}
      - - name: inner
          taskReferenceName: inner
          type: FORK_JOIN
          forkTasks:
            - - {name: a, taskReferenceName: a}
  - {name: join, taskReferenceName: join, type: JOIN, joinOn: [a, inner]}
`)
    expect(rules(problems)).toEqual([
      'error duplicate-ref $.tasks[0].forkTasks[1][0].forkTasks[0][0].taskReferenceName',
    ])
    expect(problems[0]).toMatchObject({line: 12, column: 27, definition: 'w'})
  })

  it('counts an inline sub-workflow as its own tree, and only warns there (the server does not check it)', async () => {
    const problems = await check(`name: w
tasks:
  - {name: a, taskReferenceName: a}
  - name: sub
    taskReferenceName: sub
    type: SUB_WORKFLOW
    subWorkflowParam:
      name: inner
      workflowDefinition:
        name: inner
        tasks:
          - {name: a, taskReferenceName: a}
          - {name: b, taskReferenceName: a}
`)
    expect(rules(problems)).toEqual([
      'warning duplicate-ref $.tasks[1].subWorkflowParam.workflowDefinition.tasks[1].taskReferenceName',
    ])
  })

  it('flags unknown refs in top-level inputs as errors, nested ones as warnings, and leaves workflow/system/env refs alone', async () => {
    const problems = await check(`name: w
tasks:
  - name: a
    taskReferenceName: a
    inputParameters:
      ok1: \${workflow.input.x}
      ok2: "id \${CPEWF_TASK_ID} and \${b.output.y}"
      ok3: $\${escaped.thing}
      env: \${NUMBER_OF_WORKERS}
      bad: ["\${missing.output.z}"]
      path: \${a.output...x}
  - name: b
    taskReferenceName: b
    type: DO_WHILE
    loopCondition: "$.b['iteration'] < 3 && $.c.done == false && $.nowhere"
    loopOver:
      - name: c
        taskReferenceName: c
        inputParameters: {v: "\${ghost.output}"}
`)
    expect(rules(problems)).toEqual([
      'warning env-ref $.tasks[0].inputParameters.env',
      'error unknown-ref $.tasks[0].inputParameters.bad[0]',
      'error invalid-expression $.tasks[0].inputParameters.path',
      'warning unknown-loop-ref $.tasks[1].loopCondition',
      'warning unknown-ref $.tasks[1].loopOver[0].inputParameters.v',
    ])
    expect(problems.find((p) => p.rule === 'unknown-loop-ref')!.message).toMatch(/nowhere/)
  })

  it('checks type-specific fields, with server rules as errors and run-time failures as warnings', async () => {
    const problems = await check(`name: w
tasks:
  - {name: s, taskReferenceName: s, type: SWITCH, evaluatorType: value-param, decisionCases: {}}
  - {name: h, taskReferenceName: h, type: HTTP}
  - {name: j, taskReferenceName: j, type: JOIN, joinOn: [nope]}
  - {name: i, taskReferenceName: i, type: INLINE, inputParameters: {evaluatorType: graaljs}}
  - {name: sw, taskReferenceName: sw, type: SUB_WORKFLOW, subWorkflowParam: {version: 2}}
  - {name: te, taskReferenceName: te, type: TERMINATE, optional: true, inputParameters: {terminationStatus: DONE}}
  - {name: w, taskReferenceName: w, type: WAIT, inputParameters: {duration: 5 minutes, until: "2030-01-01"}}
  - name: loop
    taskReferenceName: loop
    type: DO_WHILE
    loopCondition: "false"
    loopOver:
      - {name: h2, taskReferenceName: h2, type: HTTP}
`)
    expect(rules(problems)).toEqual([
      'error schema $.tasks[0].expression',
      'error schema $.tasks[0].decisionCases',
      'error task-input $.tasks[1].inputParameters',
      'warning unknown-join-ref $.tasks[2].joinOn[0]',
      'warning inline-input $.tasks[3].inputParameters',
      'warning sub-workflow-name $.tasks[4].subWorkflowParam',
      'error schema $.tasks[5].optional',
      'error schema $.tasks[5].inputParameters.terminationStatus',
      'error wait-input $.tasks[6].inputParameters',
      'warning task-input $.tasks[7].loopOver[0].inputParameters',
    ])
  })

  it('lets a task definition given alongside supply the HTTP request template', async () => {
    const problems = await check(
      JSON.stringify([
        {name: 'call', inputTemplate: {http_request: {uri: 'http://x'}}, retryCount: 1},
        {name: 'w', tasks: [{name: 'call', taskReferenceName: 'c', type: 'HTTP'}]},
      ]),
    )
    expect(problems).toEqual([])
  })

  it('reports schemaVersion other than 2, empty tasks, unknown fields and explicit nulls', async () => {
    const problems = await check(`name: w
schemaVersion: 1
version: null
timeoutPolicy: NEVER
descripton: typo
tasks: []
`)
    expect(rules(problems)).toEqual([
      'error schema $.schemaVersion',
      'warning null-value $.version',
      'error schema $.timeoutPolicy',
      'warning unknown-field $.descripton',
      'error schema $.tasks',
    ])
    expect(problems.find((p) => p.rule === 'unknown-field')!.message).toMatch(
      /the server drops it; did you mean "description"/,
    )
    expect(problems.find((p) => p.rule === 'null-value')!.message).toMatch(/version 0/)
  })

  it('warns about unknown types and Orkes-only types but accepts any type string', async () => {
    const problems = await check(
      'name: w\ntasks:\n  - {name: a, taskReferenceName: a, type: MY_WORKER}\n  - {name: b, taskReferenceName: b, type: HTTP_POLL}\n',
    )
    expect(rules(problems)).toEqual(['warning unknown-type $.tasks[0].type', 'warning unknown-type $.tasks[1].type'])
    expect(problems[1]!.message).toMatch(/Orkes/)
  })

  it('reports the same name and version defined twice, naming both files', async () => {
    const problems = await check(
      'name: w\nversion: 2\ntasks: [{name: a, taskReferenceName: a}]\n---\nname: w\nversion: 2\ntasks: [{name: a, taskReferenceName: a}]\n',
    )
    expect(rules(problems)).toEqual(['error duplicate-definition $.name'])
    expect(problems[0]!.message).toMatch(
      /"w" version 2 is defined twice: in <stdin>:1:1 \(doc1:\$\) and in <stdin>:5:1 \(doc2:\$\)/,
    )
  })
})

describe('task definition rules', () => {
  it('catches the default responseTimeoutSeconds trap', async () => {
    const problems = await check('name: t\ntimeoutSeconds: 60\n', 'task')
    expect(rules(problems)).toEqual(['error server-timeout-order $.timeoutSeconds'])
    expect(problems[0]!.message).toMatch(/defaults to 3600/)
  })

  it('checks explicit timeouts, totals and minimums', async () => {
    const problems = await check(
      'name: t\ntimeoutSeconds: 100\nresponseTimeoutSeconds: 200\ntotalTimeoutSeconds: 50\nretryCount: -1\n',
      'task',
    )
    expect(rules(problems).sort()).toEqual([
      'error schema $.retryCount',
      'error server-timeout-order $.responseTimeoutSeconds',
      'error server-timeout-order $.timeoutSeconds',
    ])
  })

  it('accepts timeouts in the right order and timeoutSeconds 0 with the default response timeout', async () => {
    expect(
      await check('name: t\ntimeoutSeconds: 600\nresponseTimeoutSeconds: 60\ntotalTimeoutSeconds: 1200\n', 'task'),
    ).toEqual([])
    expect(await check('name: t\ntimeoutSeconds: 0\n', 'task')).toEqual([])
  })

  it('allows any non-empty ownerEmail, as the server does', async () => {
    expect(await check('name: t\nownerEmail: team-payments\n', 'task')).toEqual([])
    expect(rules(await check('name: t\nownerEmail: ""\n', 'task'))).toEqual(['error schema $.ownerEmail'])
  })
})
