import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'

export default class WorkflowRerun extends BaseCommand<typeof WorkflowRerun> {
  static override summary = 'Rerun an ended workflow execution from a task (as the Go CLI); prints the workflow id.'
  static override description =
    "--task-input and --workflow-input are JSON objects that replace the task's (or workflow's) input as a whole, as in the Go CLI. `conductor execution rerun --from-task REF --task-input KEY=VALUE` finds the task by reference name and changes single keys."
  static override examples = [
    '<%= config.bin %> workflow rerun 3f1c… --task-id 7d2e…',
    '<%= config.bin %> workflow rerun 3f1c… --workflow-input \'{"orderId":"43"}\'',
  ]
  static override args = {workflow_id: Args.string({description: 'Workflow (execution) id.', required: true})}
  static override flags = {
    'task-id': Flags.string({summary: 'Task id to rerun from (default: the start).'}),
    'correlation-id': Flags.string({summary: 'Correlation id for the rerun.'}),
    'task-input': Flags.string({summary: 'Task input as a JSON object.'}),
    'workflow-input': Flags.string({summary: 'Workflow input as a JSON object.'}),
  }

  async run(): Promise<{workflowId: string}> {
    const {jsonObjectFlag} = await import('../../lib/go-compat/workflow.js')
    const {rerun, getWorkflow} = await import('../../lib/executions/service.js')
    const client = await this.client()
    const id = this.args.workflow_id
    const taskInput = jsonObjectFlag(this.flags['task-input'], '--task-input')
    const workflowInput = jsonObjectFlag(this.flags['workflow-input'], '--workflow-input')
    await getWorkflow(client, id, false) // a missing execution is exit 4 with its id named
    const workflowId = await rerun(client, id, {
      ...(this.flags['task-id'] ? {reRunFromTaskId: this.flags['task-id']} : {}),
      ...(this.flags['correlation-id'] ? {correlationId: this.flags['correlation-id']} : {}),
      ...(taskInput ? {taskInput} : {}),
      ...(workflowInput ? {workflowInput} : {}),
    })
    this.log(workflowId)
    return {workflowId}
  }
}
