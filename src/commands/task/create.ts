import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import type {ConductorClient} from '../../lib/client/client.js'

export default class TaskCreate extends BaseCommand<typeof TaskCreate> {
  static override summary =
    'Create task definitions from a file or stdin (the Go CLI command; prints nothing on success).'
  static override description =
    'A file may hold one definition or an array, in JSON or YAML; with no file the definitions are read from stdin. They are validated offline first: any error means nothing is sent (exit 3). Existing definitions of the same name are replaced. `task register` does the same for folders and sends only what changed.'
  static override examples = [
    '<%= config.bin %> task create task_def.json',
    'cat tasks.json | <%= config.bin %> task create',
  ]
  static override strict = false
  static override args = {
    file: Args.string({description: 'Definition file(s); stdin when none is given.', ignoreStdin: true}),
  }

  /** The command words and the past tense for the note; `task update` changes them and send(). */
  protected verb = {command: 'task create', done: 'Created'}

  protected async send(client: ConductorClient, bodies: unknown[]): Promise<void> {
    const {createTaskDefs} = await import('../../lib/definitions/metadata.js')
    await createTaskDefs(client, bodies)
  }

  async run(): Promise<{name: string; file: string}[]> {
    const {uploadInputs, loadValidDefinitions, assertSendable, sendableBody} =
      await import('../../lib/definitions/upload.js')
    const {formatHuman} = await import('../../lib/definitions/report.js')
    const inputs = uploadInputs(this.positionals, Boolean(process.stdin.isTTY), this.verb.command)
    const {definitions, report} = await loadValidDefinitions(inputs, 'task', process.stdin)
    if (report.problems.length > 0 && !this.jsonEnabled()) process.stderr.write(formatHuman(report))
    assertSendable(report, 'task')
    await this.send(await this.client(), definitions.map(sendableBody))
    this.note(`${this.verb.done} ${definitions.map((d) => d.name).join(', ')}`)
    return definitions.map((d) => ({name: d.name, file: d.file}))
  }
}
