import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'
import type {JsonObject} from '../../lib/definitions/model.js'

export default class ScheduleGet extends BaseCommand<typeof ScheduleGet> {
  static override summary = 'Show schedules as JSON, one document per name.'
  static override examples = [
    '<%= config.bin %> schedule get nightly_report',
    '<%= config.bin %> schedule get a b --json',
  ]
  static override strict = false
  static override usage = 'schedule get NAME...'

  async run(): Promise<JsonObject[]> {
    if (this.positionals.length === 0) throw new CliError('usage', 'Name at least one schedule')
    const {get} = await import('../../lib/schedules/service.js')
    const client = await this.client()
    const found: JsonObject[] = []
    for (const name of this.positionals) {
      const schedule = await get(client, name)
      found.push(schedule)
      if (!this.jsonEnabled()) this.log(JSON.stringify(schedule, null, 3))
    }
    return found
  }
}
