import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'

export default class WorkflowSkipTask extends BaseCommand<typeof WorkflowSkipTask> {
  static override summary = 'Skip a task the running workflow has not reached yet (as the Go CLI; no prompt).'
  static override description =
    'Prints "task REF in workflow ID skipped successfully". A refusal (the task is already scheduled, the workflow is not running) is an error with its exit code. `conductor execution skip-task` is the same with a confirmation.'
  static override examples = ['<%= config.bin %> workflow skip-task 3f1c… send_email']
  static override args = {
    workflow_id: Args.string({description: 'Workflow (execution) id.', required: true}),
    task_reference_name: Args.string({description: 'Task reference name to skip.', required: true}),
  }
  static override flags = {
    'task-input': Flags.string({summary: 'Task input as a JSON object.'}),
    'task-output': Flags.string({summary: 'Task output as a JSON object.'}),
  }

  async run(): Promise<{workflowId: string; ref: string}> {
    const {jsonObjectFlag} = await import('../../lib/go-compat/workflow.js')
    const {skipTask} = await import('../../lib/executions/service.js')
    const {applyToEach, summaryError} = await import('../../lib/executions/control.js')
    const {workflow_id: id, task_reference_name: ref} = this.args
    const request = {
      taskInput: jsonObjectFlag(this.flags['task-input'], '--task-input'),
      taskOutput: jsonObjectFlag(this.flags['task-output'], '--task-output'),
    }
    const client = await this.client()
    const results = await applyToEach(
      client,
      'skip-task',
      [id],
      async () => {
        await skipTask(client, id, ref, request)
        return 'skipped'
      },
      {context: () => ({ref})},
    )
    const failed = summaryError('skip-task', results)
    if (failed) throw failed
    this.log(`task ${ref} in workflow ${id} skipped successfully`)
    return {workflowId: id, ref}
  }
}
