import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'

export default class TaskDelete extends BaseCommand<typeof TaskDelete> {
  static override summary = 'Delete a task definition.'
  static override description = "Workflows that use the task keep working with the server's default task settings."
  static override examples = ['<%= config.bin %> task delete send_email --yes']
  static override args = {name: Args.string({description: 'Task definition name.', required: true})}

  async run(): Promise<{name: string; deleted: boolean}> {
    const {getTaskDef, deleteTaskDef} = await import('../../lib/definitions/metadata.js')
    const client = await this.client()
    await getTaskDef(client, this.args.name) // a clear "does not exist" (SQLite answers 500 for a missing one)
    await this.confirmOrYes(`Delete task definition ${this.args.name}?`)
    await deleteTaskDef(client, this.args.name)
    this.note(`Deleted task definition ${this.args.name}`)
    return {name: this.args.name, deleted: true}
  }
}
