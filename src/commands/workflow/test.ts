import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {OUTCOME_TABLE} from '../../lib/executions/follow.js'
import type {TestReport} from '../../lib/executions/workflow-test-run.js'
import type {PathStep} from '../../lib/executions/workflow-test.js'
import type {Column} from '../../lib/output/formats.js'

export type {TestReport}

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
    const {runTest, reportNotes} = await import('../../lib/executions/workflow-test-run.js')
    const f = this.flags
    const ask = {
      target: this.args.target,
      version: f.version,
      input: f.input,
      inputFile: f['input-file'],
      mocks: f.mock ?? [],
      keep: f.keep,
    }
    return runTest(() => this.client(), ask, {
      warn: (m) => void this.warn(m),
      note: (m) => this.note(m),
      problems: (text) => void (this.jsonEnabled() || process.stderr.write(text)),
      report: async (report) => {
        if (this.jsonEnabled()) return
        await this.renderList(report.path, COLUMNS, 'table')
        for (const line of reportNotes(report)) this.note(line)
      },
    })
  }
}

const COLUMNS: Column<PathStep>[] = [
  {header: 'Seq', get: (s) => s.seq},
  {header: 'Ref', get: (s) => s.ref},
  {header: 'Type', get: (s) => s.type},
  {header: 'Status', get: (s) => s.status},
  {header: 'Mocked', get: (s) => (s.mocked ? 'yes' : '')},
  {header: 'Reason', get: (s) => s.reason ?? ''},
]
