import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import type {JsonObject} from '../../lib/definitions/model.js'

export default class ScheduleSearch extends BaseCommand<typeof ScheduleSearch> {
  static override summary = 'Search the executions of schedules, newest first.'
  static override description = `Prints one line per execution, without a header: state,workflow,execution time,workflow id,reason (--json: the server's records). States are the scheduler's: POLLED, EXECUTED, FAILED.`
  static override examples = ['<%= config.bin %> schedule search -w my_workflow -s FAILED -c 50']
  static override flags = {
    count: Flags.integer({char: 'c', summary: 'How many (max 1000).', default: 10, min: 1}),
    workflow: Flags.string({char: 'w', summary: 'Only executions that started this workflow.'}),
    status: Flags.string({char: 's', summary: 'Only these states, comma-separated (POLLED, EXECUTED, FAILED).'}),
    schedule: Flags.string({summary: 'Only executions of this schedule.'}),
  }

  async run(): Promise<JsonObject[]> {
    const {searchExecutions, unixDate} = await import('../../lib/schedules/service.js')
    if (this.flags.count > 1000) this.warn('count exceeds the maximum of 1000: showing the first 1000')
    const results = await searchExecutions(await this.client(), {
      count: Math.min(this.flags.count, 1000),
      workflow: this.flags.workflow,
      states: this.flags.status?.split(',').map((s) => s.trim().toUpperCase()),
      schedule: this.flags.schedule,
    })
    if (!this.jsonEnabled())
      for (const r of results) {
        const time = typeof r.executionTime === 'number' ? unixDate(r.executionTime) : ''
        this.log([r.state, r.workflowName, time, r.workflowId, r.reason].map((v) => String(v ?? '')).join(','))
      }
    return results
  }
}
