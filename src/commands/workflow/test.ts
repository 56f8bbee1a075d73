import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import type {JsonObject} from '../../lib/client/types.js'
import {CliError} from '../../lib/errors.js'
import {OUTCOME_TABLE, outcomeEnding, outcomeLine, outcomeOf, type Outcome} from '../../lib/executions/follow.js'
import type {PathStep} from '../../lib/executions/workflow-test.js'

export interface TestReport extends Outcome {
  path: PathStep[]
  /** Refs of tasks the run stopped at because no mock was left for them. */
  waitingForMocks: string[]
  /** false with --keep: the execution is still on the server. */
  removed: boolean
}

export default class WorkflowTest extends BaseCommand<typeof WorkflowTest> {
  static override summary =
    'Run a workflow on the server with mocked task outputs; show the path it took, then remove the execution.'
  static override description = [
    'FILE is a workflow definition (JSON or YAML; sent inline, need not be registered); NAME is a registered one (--version).',
    'Each --mock REF=VALUE gives the result of the task with that reference name: {"status": "COMPLETED"|"FAILED"|...,',
    '"output": {...}} or just the output object (status COMPLETED); a list gives one result per attempt or loop iteration;',
    'REF=@file.json reads it from a file. Repeat --mock for each task (and for the same ref to queue more results).',
    'Conductor\'s names work too ({"status": "FAILED", "outputData": {...}}); an object whose status is a task status is',
    'always a result, never the output (an output with its own "status" key goes under "output").',
    'Tasks inside a sub-workflow are mocked by path: --mock PAY/CHARGE=... mocks task CHARGE of the workflow that the',
    'SUB_WORKFLOW task PAY starts (PAY/INNER/REF for deeper ones). A task there that waits for a worker (SIMPLE, HTTP, WAIT,',
    "HUMAN, ...) must have a mock: the server's test endpoint would otherwise never answer, so the test is refused first.",
    'Tasks the server runs itself (SWITCH, INLINE, SET_VARIABLE, JSON_JQ_TRANSFORM, FORK/JOIN, DO_WHILE, TERMINATE, SUB_WORKFLOW)',
    'run for real; any other task (SIMPLE, HTTP, WAIT, ...) needs a mock, or the run stops there, still RUNNING.',
    '',
    'The server runs the test as a real execution (in a private domain no worker polls); it is terminated if still running and',
    'deleted afterwards, unless --keep. Prints each task (ref, type, status) in order, and the final status on stderr.',
    '',
    OUTCOME_TABLE.replace('Exit codes when waiting:', 'Exit codes:').replace(
      'still RUNNING (or PAUSED) when the wait ended',
      'still RUNNING: a task had no mock',
    ),
  ].join('\n')
  static override examples = [
    `<%= config.bin %> workflow test order.json --input amount=20 --mock charge='{"output": {"ok": true}}' --mock ship=@ship-mock.json`,
    `<%= config.bin %> workflow test order_flow --version 3 --mock 'charge=[{"status":"FAILED"},{"output":{"ok":true}}]' --json`,
  ]
  static override args = {
    target: Args.string({
      description: 'A workflow definition file, or the name of a registered workflow.',
      required: true,
    }),
  }
  static override flags = {
    version: Flags.integer({summary: 'Version of a registered workflow (default: the latest).', min: 1}),
    input: Flags.string({
      char: 'i',
      summary: 'Workflow input KEY=VALUE (repeatable; as for `run`).',
      multiple: true,
      multipleNonGreedy: true,
    }),
    'input-file': Flags.string({char: 'f', summary: 'Workflow input from a JSON or YAML file; "-" reads stdin.'}),
    mock: Flags.string({
      char: 'm',
      summary: 'Result of a task: REF=JSON or REF=@file (repeatable).',
      multiple: true,
      multipleNonGreedy: true,
      helpValue: 'REF=JSON|@FILE',
    }),
    keep: Flags.boolean({
      summary: 'Leave the test execution on the server (its id is printed) instead of deleting it.',
    }),
  }

  async run(): Promise<TestReport> {
    const [{runInput}, wt] = await Promise.all([
      import('../../lib/executions/input.js'),
      import('../../lib/executions/workflow-test.js'),
    ])
    const input = await runInput({inputFile: this.flags['input-file'], input: this.flags.input})
    const mocks = await wt.parseMocks(this.flags.mock ?? [])
    const file = await isFile(this.args.target)
    if (file && this.flags.version !== undefined)
      throw new CliError('usage', '--version applies to a registered workflow (NAME), not to a file')
    const client = await this.client()
    const def = file
      ? await this.definitionFromFile(this.args.target)
      : await this.definitionFromServer(this.args.target)
    const prepared = await wt.prepareTest(client, {def, input, mocks, warn: (m) => this.warn(m)})
    const workflow = await wt.startTest(client, prepared, (n) =>
      this.note(`Removed ${n} execution(s) the test left on the server`),
    )
    let removed = false
    try {
      const outcome = outcomeOf({...workflow, workflowName: workflow.workflowName ?? String(def.name)})
      const report: TestReport = {
        ...outcome,
        path: wt.pathOf(workflow, mocks),
        waitingForMocks: wt.waitingForMocks(workflow),
        removed: false,
      }
      await this.render(report)
      if (!this.flags.keep) {
        await wt.removeTestExecution(client, workflow)
        removed = report.removed = true
      } else
        this.note(
          `Kept the test execution ${workflow.workflowId} (\`conductor execution delete ${workflow.workflowId} --yes\` removes it)`,
        )
      const ending = outcomeEnding(outcome)
      if (ending) throw new CliError(ending.kind, ending.message, {result: report, quiet: true})
      return report
    } finally {
      if (!removed && !this.flags.keep)
        await wt
          .removeTestExecution(client, workflow)
          .catch((error: unknown) =>
            this.warn(`Could not remove the test execution ${workflow.workflowId}: ${(error as Error).message}`),
          )
    }
  }

  private async render(report: TestReport): Promise<void> {
    if (this.jsonEnabled()) return
    await this.renderList(
      report.path,
      [
        {header: 'Seq', get: (s) => s.seq},
        {header: 'Ref', get: (s) => s.ref},
        {header: 'Type', get: (s) => s.type},
        {header: 'Status', get: (s) => s.status},
        {header: 'Mocked', get: (s) => (s.mocked ? 'yes' : '')},
        {header: 'Reason', get: (s) => s.reason ?? ''},
      ],
      'table',
    )
    if (report.finished) {
      this.note(outcomeLine(report))
      this.note(`Output: ${JSON.stringify(report.output)}`)
    } else {
      const at = report.waitingForMocks
      this.note(
        `${report.workflowName ?? 'workflow'} is still ${report.status} (${report.workflowId})${at.length > 0 ? `: stopped at ${at.join(', ')}, no mock (left) for it` : ''}`,
      )
      if (at.length > 0)
        this.note(`Hint: add --mock ${at[0]}='{"output": {...}}' (a list gives one result per attempt)`)
    }
  }

  private async definitionFromFile(file: string): Promise<JsonObject> {
    const {workflowFromFile} = await import('../../lib/definitions/single.js')
    return workflowFromFile(file, {
      what: 'run',
      printProblems: (text) => {
        if (!this.jsonEnabled()) process.stderr.write(text)
      },
    })
  }

  private async definitionFromServer(name: string): Promise<JsonObject> {
    if (/[\\/]|\.(json|ya?ml)$/i.test(name))
      throw new CliError('usage', `No such file: ${name}`, {
        hint: 'Give a workflow definition file, or the name of a registered workflow.',
      })
    const {getWorkflow} = await import('../../lib/definitions/metadata.js')
    return getWorkflow(await this.client(), name, this.flags.version)
  }
}

async function isFile(path: string): Promise<boolean> {
  const {stat} = await import('node:fs/promises')
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  )
}
