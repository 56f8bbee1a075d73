import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../lib/command/base-command.js'
import {durationFlag, keyValueFlag} from '../lib/command/flags.js'
import {executionLink} from '../lib/ui/links.js'
import {DEFAULT_WAIT} from '../lib/duration.js'
import {expandWaitFlag} from '../lib/executions/wait-flag.js'
import {
  followWithProgress,
  OUTCOME_TABLE,
  outcomeEnding,
  RUN_WAIT_INTERVALS,
  type Outcome,
} from '../lib/executions/follow.js'
import {startRun} from '../lib/executions/start-run.js'
import {startSpinner} from '../lib/output/streams.js'

export default class Run extends BaseCommand<typeof Run> {
  static override summary = 'Start a workflow; print its id, or wait for it to end (--wait).'
  static override description = [
    'Input comes from --input-file (JSON or YAML; "-" reads stdin), then each --input KEY=VALUE on top.',
    'A VALUE is JSON when it parses as JSON (3, true, {"a":1}), else text; a.b=1 nests; key=@file takes a file\'s content',
    '(parsed when .json/.yaml/.yml); key=@@x is the text "@x". A malformed --input is an error (exit 2) and nothing is started.',
    '',
    "--file DEF runs a definition that is not registered (the server's dynamic start: the definition travels with the",
    'request and is checked as `workflow validate` does first; NAME and --version are then not given).',
    '--task-to-domain TASK=DOMAIN routes tasks to the workers of a domain (`worker exec --domain`); `*` is every task.',
    "On a terminal the execution's address in the server's UI is printed on stderr.",
    '',
    'Without --wait, stdout is the workflow id alone, so id=$(conductor run NAME) works.',
    `With --wait[=DURATION] (default ${DEFAULT_WAIT}; 30s, 5m, 1h) it follows the execution: progress on stderr, the final status`,
    'line on stderr, the workflow output (JSON) on stdout; --json prints {workflowId, status, finished, exitCode, output, ...}.',
    '',
    OUTCOME_TABLE,
  ].join('\n')
  static override examples = [
    '<%= config.bin %> run order_flow --input orderId=42 --input customer.tier=gold',
    '<%= config.bin %> run order_flow --input-file order.json --wait=2m',
    'cat order.yaml | <%= config.bin %> run order_flow --input-file - --version 3 --correlation-id order-42',
    '<%= config.bin %> run --file draft.json --input orderId=42 --wait',
    '<%= config.bin %> run order_flow --task-to-domain charge=canary --task-to-domain "*=team-a"',
  ]
  static override args = {
    name: Args.string({description: 'Workflow definition name (not with --file).', required: false}),
  }
  static override flags = {
    input: Flags.string({
      char: 'i',
      summary: 'Input KEY=VALUE (repeatable; a.b=1 nests; key=@file reads a file).',
      multiple: true,
      multipleNonGreedy: true,
    }),
    'input-file': Flags.string({char: 'f', summary: 'Input object from a JSON or YAML file; "-" reads stdin.'}),
    version: Flags.integer({summary: 'Definition version (default: the latest).', min: 1}),
    'correlation-id': Flags.string({summary: 'Correlation id to tag the execution with.'}),
    priority: Flags.integer({summary: 'Priority 0-99 (default 0).', min: 0, max: 99}),
    file: Flags.string({
      summary: 'Run the workflow definition in this file without registering it (validated offline first).',
      helpValue: 'DEF.json|DEF.yaml',
    }),
    'task-to-domain': keyValueFlag({
      summary: 'Send tasks named KEY (or `*` for all) to workers polling domain VALUE (repeatable).',
      helpValue: 'TASK=DOMAIN',
    }),
    wait: durationFlag({
      summary: `Wait for the execution to end, at most DURATION (default ${DEFAULT_WAIT}); exit code tells how it ended.`,
    }),
  }

  /** `--wait` may come without a value; see expandWaitFlag. */
  public override async init(): Promise<void> {
    this.argv = expandWaitFlag(this.argv)
    await super.init()
  }

  async run(): Promise<{workflowId: string} | Outcome> {
    const f = this.flags
    const ask = {
      name: this.args.name,
      file: f.file,
      version: f.version,
      correlationId: f['correlation-id'],
      priority: f.priority,
      input: f.input,
      inputFile: f['input-file'],
      taskToDomain: f['task-to-domain'],
    }
    const {workflowId, name, client} = await startRun(
      () => this.client(),
      ask,
      (text) => {
        if (!this.jsonEnabled()) process.stderr.write(text)
      },
    )
    await this.showLink(executionLink, workflowId)
    if (f.wait === undefined) {
      this.log(workflowId)
      return {workflowId}
    }
    const spinner = await startSpinner(`Started ${name} (${workflowId})`, {quiet: this.jsonEnabled()})
    const outcome = await followWithProgress(client, workflowId, f.wait, spinner, RUN_WAIT_INTERVALS)
    await this.renderDocument(outcome.output, 'json')
    const ending = outcomeEnding(outcome)
    if (ending) throw ending
    return outcome
  }
}
