import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import type {PolledTask} from '../../lib/worker/poll.js'

export default class TaskPoll extends BaseCommand<typeof TaskPoll> {
  static override summary = 'Poll for tasks of a type once and print them as JSON (the Go CLI command).'
  static override description =
    'The tasks returned are IN_PROGRESS and assigned to this poller: complete them with `task update-execution` (or `task complete`). Prints "No tasks available" when there are none (with --json: []). `worker exec` runs a worker loop instead.'
  static override examples = ['<%= config.bin %> task poll my_task_type --count 5 --worker-id worker1']
  static override args = {taskType: Args.string({description: 'Task type (definition name).', required: true})}
  static override flags = {
    count: Flags.integer({summary: 'Number of tasks to poll.', default: 1, min: 1}),
    'worker-id': Flags.string({summary: 'Worker id recorded on the tasks.'}),
    domain: Flags.string({summary: 'Task domain.'}),
    timeout: Flags.integer({
      summary: 'Long-poll timeout in milliseconds (the Go CLI unit; at most 5000).',
      default: 100,
      min: 0,
    }),
  }

  async run(): Promise<PolledTask[]> {
    const {pollTasks} = await import('../../lib/worker/poll.js')
    const timeoutMs: number = this.flags.timeout ?? 100
    // here --timeout is the poll's (milliseconds, as in the Go CLI), not the global response timeout
    ;(this.flags as {timeout?: number | undefined}).timeout = undefined
    const tasks = await pollTasks(await this.client(), {
      taskType: this.args.taskType,
      workerId: this.flags['worker-id'],
      domain: this.flags.domain,
      count: this.flags.count,
      timeoutMs,
    })
    if (!this.jsonEnabled()) this.log(tasks.length === 0 ? 'No tasks available' : JSON.stringify(tasks, null, 3))
    return tasks
  }
}
