import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'

export default class ScheduleDelete extends BaseCommand<typeof ScheduleDelete> {
  static override summary = 'Delete schedules.'
  static override examples = ['<%= config.bin %> schedule delete my_schedule -y']
  static override strict = false
  static override usage = 'schedule delete NAME...'

  async run(): Promise<{deleted: string[]}> {
    if (this.positionals.length === 0) throw new CliError('usage', 'Name at least one schedule')
    const {remove} = await import('../../lib/schedules/service.js')
    const client = await this.client()
    const deleted: string[] = []
    for (const name of this.positionals) {
      await this.confirmOrYes(`Are you sure you want to delete schedule '${name}'?`)
      await remove(client, name)
      deleted.push(name)
      if (!this.jsonEnabled()) this.log(`Schedule '${name}' deleted successfully`)
    }
    return {deleted}
  }
}
