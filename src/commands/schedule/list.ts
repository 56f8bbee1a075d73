import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import type {JsonObject} from '../../lib/definitions/model.js'

export default class ScheduleList extends BaseCommand<typeof ScheduleList> {
  static override summary = 'List schedules (of one workflow when WORKFLOW is given).'
  static override examples = [
    '<%= config.bin %> schedule list',
    '<%= config.bin %> schedule list my_workflow --csv',
    '<%= config.bin %> schedule list --json',
  ]
  static override args = {workflow: Args.string({description: 'Only schedules that start this workflow.'})}
  static override flags = {csv: Flags.boolean({summary: 'Comma-separated values with a header line.'})}

  async run(): Promise<JsonObject[]> {
    const {list} = await import('../../lib/schedules/service.js')
    const schedules = await list(await this.client(), this.args.workflow)
    const created = (s: JsonObject, empty: string) =>
      typeof s.createTime === 'number' && s.createTime > 0
        ? new Date(s.createTime).toISOString().replace('T', ' ').slice(0, 19)
        : empty
    const workflow = (s: JsonObject) =>
      typeof s.startWorkflowRequest === 'object' && s.startWorkflowRequest !== null
        ? String((s.startWorkflowRequest as JsonObject).name ?? '')
        : ''
    await this.renderList(
      schedules,
      [
        {header: 'NAME', get: (s) => String(s.name)},
        {header: 'CRON', get: (s) => String(s.cronExpression ?? '')},
        {header: 'WORKFLOW', get: workflow},
        {header: 'STATUS', get: (s) => (s.paused === true ? 'paused' : 'active')},
        {header: 'CREATED TIME', get: (s) => created(s, this.flags.csv ? '' : '-')},
      ],
      this.flags.csv ? 'csv' : 'table',
    )
    return schedules
  }
}
