import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {eachId, type EachResult} from '../../lib/go-compat/each.js'
import type {Workflow} from '../../lib/executions/types.js'

export default class WorkflowGetExecution extends BaseCommand<typeof WorkflowGetExecution> {
  static override summary = 'Print workflow executions as JSON (as the Go CLI); -c includes the tasks.'
  static override description =
    'Without -c: GET /api/workflow/{id}?includeTasks=false, less the embedded workflowDefinition. With -c/--complete: the whole document, tasks included. Several ids print one JSON document each; --json prints them as one array. For a summary and a task table use `conductor execution get`.'
  static override examples = [
    '<%= config.bin %> workflow get-execution 3f1c…',
    '<%= config.bin %> workflow get-execution -c 3f1c… | jq .tasks',
  ]
  static override strict = false
  static override args = {workflow_id: Args.string({description: 'Workflow (execution) ids.', required: true})}
  static override flags = {complete: Flags.boolean({char: 'c', summary: 'Include the tasks and the definition.'})}

  async run(): Promise<EachResult<{execution: Workflow}>[]> {
    const {getWorkflow} = await import('../../lib/executions/service.js')
    const {toJson} = await import('../../lib/output/formats.js')
    const client = await this.client()
    const complete = this.flags.complete === true
    return eachId(
      this.positionals,
      'get-execution',
      async (id) => {
        const execution = await getWorkflow(client, id, complete)
        if (!complete) delete execution.workflowDefinition
        if (!this.jsonEnabled()) process.stdout.write(toJson(execution))
        return {execution}
      },
      (line) => this.logToStderr(line),
    )
  }
}
