import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'

type Deleted = {name: string; deleted: boolean; error?: string}

export default class TaskDelete extends BaseCommand<typeof TaskDelete> {
  static override summary = 'Delete task definitions.'
  static override description =
    "Workflows that use the task keep working with the server's default task settings. Prints \"Task 'NAME' deleted successfully\" for each; one that does not exist is an error (exit 4; with several names, exit 9 after trying every one)."
  static override examples = ['<%= config.bin %> task delete send_email --yes', '<%= config.bin %> task delete a b -y']
  static override strict = false
  static override args = {name: Args.string({description: 'Task definition name(s).', required: true})}

  async run(): Promise<Deleted | Deleted[]> {
    const {getTaskDef, deleteTaskDef} = await import('../../lib/definitions/metadata.js')
    const client = await this.client()
    const names = this.positionals
    if (names.length === 1) await getTaskDef(client, names[0] as string) // a clear "does not exist" (SQLite answers 500 for a missing one)
    await this.confirmOrYes(`Delete task definition${names.length === 1 ? '' : 's'} ${names.join(', ')}?`)
    const results: Deleted[] = []
    for (const name of names) {
      try {
        if (names.length > 1) await getTaskDef(client, name)
        await deleteTaskDef(client, name)
        this.log(`Task '${name}' deleted successfully`)
        results.push({name, deleted: true})
      } catch (error) {
        if (names.length === 1) throw error
        const message = error instanceof Error ? error.message : String(error)
        this.logToStderr(`Error: ${message}`)
        results.push({name, deleted: false, error: message})
      }
    }
    if (names.length === 1) return results[0] as Deleted
    const failed = results.filter((r) => !r.deleted).length
    if (failed > 0)
      throw new CliError('partial', `${failed} of ${names.length} task definitions were not deleted`, {result: results})
    return results
  }
}
