import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'
import type {ScheduleRequest} from '../../lib/schedules/service.js'

export default class ScheduleCreate extends BaseCommand<typeof ScheduleCreate> {
  static override summary = 'Create a schedule from a JSON/YAML file, stdin, or flags.'
  static override description = `With -n, -c and -w the schedule is built from the flags; otherwise it is read from FILE, or from stdin when it is piped. The cron expression is Spring's: six fields, seconds first ("0 0 * * * *" is every hour); it and the zone are checked, and the workflow must exist, before anything is sent. Prints nothing on success.`
  static override examples = [
    '<%= config.bin %> schedule create schedule.json',
    '<%= config.bin %> schedule create -n my_schedule -c "0 0 * ? * *" -w hello_world',
    `<%= config.bin %> schedule create -n daily_task -c "0 0 * ? * *" -w my_workflow -i '{"key":"value"}' -p`,
  ]
  static override args = {
    file: Args.string({description: 'Schedule file (JSON or YAML); stdin when piped.', ignoreStdin: true}),
  }
  static override flags = {
    name: Flags.string({char: 'n', summary: 'Schedule name.'}),
    cron: Flags.string({
      char: 'c',
      summary: 'Cron expression (Spring, six fields: second minute hour day month weekday).',
    }),
    workflow: Flags.string({char: 'w', summary: 'Workflow to start.'}),
    input: Flags.string({char: 'i', summary: 'Workflow input as a JSON object.'}),
    paused: Flags.boolean({char: 'p', summary: 'Create it paused.'}),
    version: Flags.integer({summary: 'Workflow version (0 or absent: the latest).', min: 0}),
  }
  static mode: 'create' | 'update' = 'create'

  async run(): Promise<{name: string; action: string}> {
    const service = await import('../../lib/schedules/service.js')
    const schedule = await this.request(service)
    const mode = (this.ctor as typeof ScheduleCreate).mode
    await (mode === 'create' ? service.create : service.update)(await this.client(), schedule)
    return {name: schedule.name, action: mode === 'create' ? 'created' : 'updated'}
  }

  private async request(service: typeof import('../../lib/schedules/service.js')): Promise<ScheduleRequest> {
    const {name, cron, workflow} = this.flags
    if (name || cron || workflow) {
      if (!name) throw new CliError('usage', '--name is required')
      if (!cron) throw new CliError('usage', '--cron is required')
      if (!workflow) throw new CliError('usage', '--workflow is required')
      const version = this.flags.version === 0 ? undefined : this.flags.version
      return service.fromFlags({name, cron, workflow, version, input: this.flags.input, paused: this.flags.paused})
    }
    if (this.args.file) {
      const {readFile} = await import('node:fs/promises')
      const bytes = await readFile(this.args.file).catch((error: NodeJS.ErrnoException) => {
        throw new CliError('usage', `Cannot read ${this.args.file}: ${error.code ?? error.message}`)
      })
      return service.fromDocument(bytes, this.args.file)
    }
    if (process.stdin.isTTY)
      throw new CliError('usage', 'Give a schedule file, pipe one on stdin, or use -n, -c and -w')
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    const bytes = Buffer.concat(chunks)
    if (bytes.length === 0) throw new CliError('usage', 'No schedule data received from stdin')
    return service.fromDocument(bytes, '<stdin>')
  }
}
