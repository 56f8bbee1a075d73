import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'

export default class TaskUpdate extends BaseCommand<typeof TaskUpdate> {
  static override summary =
    'Update task definitions from a file or stdin (the Go CLI command; prints nothing on success).'
  static override description =
    'Each definition is validated offline first (any error: nothing is sent, exit 3), then sent with PUT /metadata/taskdefs, which the server refuses for a name it does not have.'
  static override examples = [
    '<%= config.bin %> task update task_def.json',
    'cat task.json | <%= config.bin %> task update',
  ]
  static override strict = false
  static override args = {
    file: Args.string({description: 'Definition file(s); stdin when none is given.', ignoreStdin: true}),
  }

  async run(): Promise<{name: string; file: string}[]> {
    const {uploadInputs, loadValidDefinitions, assertSendable, sendableBody} =
      await import('../../lib/definitions/upload.js')
    const {formatHuman} = await import('../../lib/definitions/report.js')
    const {updateTaskDef} = await import('../../lib/definitions/metadata.js')
    const inputs = uploadInputs(this.positionals, Boolean(process.stdin.isTTY), 'task update')
    const {definitions, report} = await loadValidDefinitions(inputs, 'task', process.stdin)
    if (report.problems.length > 0 && !this.jsonEnabled()) process.stderr.write(formatHuman(report))
    assertSendable(report, 'task')
    const client = await this.client()
    for (const d of definitions) await updateTaskDef(client, sendableBody(d))
    this.note(`Updated ${definitions.map((d) => d.name).join(', ')}`)
    return definitions.map((d) => ({name: d.name, file: d.file}))
  }
}
