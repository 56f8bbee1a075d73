import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {summaryLines, TASK_COLUMNS, taskRows} from '../../lib/executions/format.js'
import {getWorkflow} from '../../lib/executions/service.js'
import type {Workflow} from '../../lib/executions/types.js'
import {executionLink} from '../../lib/ui/links.js'

export default class ExecutionGet extends BaseCommand<typeof ExecutionGet> {
  static override summary = 'Show an execution: status, times, input, output and its tasks.'
  static override description =
    'People get a summary and a task table (ref, type, status, attempt, duration, reason). ' +
    "--json prints the server's execution document as it came (GET /api/workflow/{id}?includeTasks=true)."
  static override examples = [
    '<%= config.bin %> execution get 3f1c…',
    '<%= config.bin %> execution get 3f1c… --json | jq .output',
  ]
  static override args = {id: Args.string({description: 'Workflow (execution) id.', required: true})}

  async run(): Promise<Workflow> {
    const workflow = await getWorkflow(await this.client(), this.args.id)
    if (!this.jsonEnabled()) {
      for (const line of summaryLines(workflow)) this.log(line)
      const rows = taskRows(workflow)
      this.log(rows.length === 0 ? '\nNo tasks yet.' : `\nTasks (${rows.length}):`)
      if (rows.length > 0) await this.renderList(rows, TASK_COLUMNS)
      await this.showLink(executionLink, workflow.workflowId)
    }
    return workflow
  }
}
