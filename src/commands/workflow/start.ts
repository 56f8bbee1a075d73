import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {defaultedDurationFlag} from '../../lib/command/flags.js'
import {DEFAULT_WAIT} from '../../lib/duration.js'
import {CliError} from '../../lib/errors.js'
import type {Workflow} from '../../lib/executions/types.js'

export default class WorkflowStart extends BaseCommand<typeof WorkflowStart> {
  static override summary = 'Start a workflow (as the Go CLI): print its id, or with --sync wait and print its output.'
  static override description = [
    'Input is a JSON object: -i/--input JSON or -f/--file FILE (JSON or YAML; "-" reads stdin). Without --sync stdout is the',
    'workflow id alone. With --sync it follows the execution until it ends (at most --wait, default 10m) and prints the',
    "workflow's output as JSON (--full: the whole execution document); with -u/--wait-until REF it returns as soon as that",
    'task has completed. Exit codes with --sync: 0 COMPLETED, 10 FAILED, 11 TERMINATED, 12 TIMED_OUT, 13 still running.',
    'The same as `conductor run NAME --wait`, which takes KEY=VALUE inputs.',
  ].join('\n')
  static override examples = [
    '<%= config.bin %> workflow start -w my_workflow -i \'{"orderId":"42"}\'',
    '<%= config.bin %> workflow start --workflow my_workflow --sync --version 1',
    '<%= config.bin %> workflow start -w my_workflow --sync -u wait_for_approval --full',
  ]
  static override args = {name: Args.string({description: 'Workflow name (or -w).', ignoreStdin: true})}
  static override flags = {
    workflow: Flags.string({char: 'w', summary: 'Workflow name.'}),
    input: Flags.string({char: 'i', summary: 'Input as a JSON object.', exclusive: ['file']}),
    file: Flags.string({char: 'f', summary: 'Input from a JSON or YAML file ("-" reads stdin).'}),
    version: Flags.integer({summary: 'Workflow version (default: the latest).', min: 0}),
    correlation: Flags.string({summary: 'Correlation id.'}),
    sync: Flags.boolean({summary: 'Wait for the workflow to end and print its output.'}),
    'wait-until': Flags.string({char: 'u', summary: 'With --sync: return once this task reference has completed.'}),
    full: Flags.boolean({summary: 'With --sync: print the whole execution instead of its output.'}),
    wait: defaultedDurationFlag({summary: 'With --sync: wait at most this long.', default: DEFAULT_WAIT}),
  }

  async run(): Promise<{workflowId: string} | Workflow> {
    const {jsonObjectFlag} = await import('../../lib/go-compat/workflow.js')
    const {readObjectFile} = await import('../../lib/executions/input.js')
    const {startWorkflow} = await import('../../lib/executions/service.js')
    const name = this.flags.workflow ?? this.args.name
    if (!name)
      throw new CliError('usage', 'Missing the workflow name', {hint: 'conductor workflow start -w NAME [-i JSON]'})
    if (!this.flags.sync && (this.flags['wait-until'] || this.flags.full))
      throw new CliError('usage', '--wait-until and --full need --sync')
    const input = this.flags.file
      ? await readObjectFile(this.flags.file, '--file')
      : (jsonObjectFlag(this.flags.input, '--input') ?? {})
    const client = await this.client()
    const workflowId = await startWorkflow(client, {
      name,
      version: this.flags.version || undefined,
      correlationId: this.flags.correlation,
      input,
    })
    if (!this.flags.sync) {
      this.log(workflowId)
      return {workflowId}
    }
    const {follow, outcomeOf, outcomeEnding, outcomeLine, RUN_WAIT_INTERVALS} =
      await import('../../lib/executions/follow.js')
    const ref = this.flags['wait-until']
    const reached = (w: Workflow) =>
      ref !== undefined && (w.tasks ?? []).some((t) => t.referenceTaskName === ref && t.status === 'COMPLETED')
    const workflow = await follow(client, workflowId, {
      timeoutMs: this.flags.wait,
      ...RUN_WAIT_INTERVALS,
      until: reached,
    })
    const {toJson} = await import('../../lib/output/formats.js')
    if (!this.jsonEnabled()) process.stdout.write(toJson(this.flags.full ? workflow : (workflow.output ?? {})))
    const ending = reached(workflow) ? undefined : outcomeEnding(outcomeOf(workflow))
    if (ending) {
      this.note(outcomeLine(outcomeOf(workflow), this.flags.wait))
      throw new CliError(ending.kind, ending.message, {result: workflow, quiet: true})
    }
    return workflow
  }
}
