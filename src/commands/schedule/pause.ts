import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'

export default class SchedulePause extends BaseCommand<typeof SchedulePause> {
  static override summary = 'Pause schedules: they start nothing until resumed. Prints nothing on success.'
  static override examples = [
    '<%= config.bin %> schedule pause my_schedule',
    '<%= config.bin %> schedule resume my_schedule',
  ]
  static override strict = false
  static override usage = 'schedule pause NAME...'
  static override flags = {reason: Flags.string({summary: 'Why (kept as pausedReason).'})}
  static mode: 'pause' | 'resume' = 'pause'

  async run(): Promise<{names: string[]; paused: boolean}> {
    if (this.positionals.length === 0) throw new CliError('usage', 'Name at least one schedule')
    const {get, pause, resume} = await import('../../lib/schedules/service.js')
    const client = await this.client()
    const mode = (this.ctor as typeof SchedulePause).mode
    for (const name of this.positionals) {
      if (mode === 'pause') {
        await get(client, name)
        await pause(client, name, this.flags.reason)
      } else await resume(client, name)
    }
    return {names: this.positionals, paused: mode === 'pause'}
  }
}
