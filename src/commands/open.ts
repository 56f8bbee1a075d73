import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../lib/command/base-command.js'
import {CliError} from '../lib/errors.js'

export default class Open extends BaseCommand<typeof Open> {
  static override summary = "Open an execution (by id) or a workflow definition (by name) in the server's UI."
  static override description = [
    'Conductor serves its UI at the same address as the API: an execution is at /execution/ID, a definition at',
    '/workflowDef/NAME[/VERSION]. The browser is started with xdg-open (open on macOS); --print prints the address instead.',
    'An argument shaped like a workflow id (a UUID) is an execution; anything else is a definition name.',
    'Note: the jar that `conductor server start` downloads from Maven Central is built without the UI: its pages show only a',
    'placeholder with a link to the Swagger UI; builds that carry the UI (the Docker image, Orkes) show the execution.',
  ].join('\n')
  static override examples = [
    '<%= config.bin %> open 3f1c2d4e-…',
    '<%= config.bin %> open order_flow --version 3',
    '<%= config.bin %> open "$(conductor run order_flow)" --print',
  ]
  static override args = {
    target: Args.string({description: 'An execution id, or a workflow definition name.', required: true}),
  }
  static override flags = {
    print: Flags.boolean({summary: 'Print the address instead of opening a browser.'}),
    version: Flags.integer({summary: 'Definition version (with a NAME).', min: 1}),
  }

  async run(): Promise<{url: string; opened: boolean}> {
    const {uiBase, executionLink, workflowDefLink, looksLikeExecutionId, browserCommand} =
      await import('../lib/ui/links.js')
    const {target} = this.args
    const base = uiBase((await this.settings()).server.value)
    const execution = looksLikeExecutionId(target) && this.flags.version === undefined
    const url = execution
      ? executionLink(base, target)
      : workflowDefLink(base, target, this.flags.version === undefined ? '' : String(this.flags.version))
    if (this.flags.print) {
      this.log(url)
      return {url, opened: false}
    }
    const {command, args} = browserCommand()
    const {spawn} = await import('node:child_process')
    await new Promise<void>((resolve, reject) => {
      const child = spawn(command, [...args, url], {stdio: 'ignore', detached: true})
      child.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new CliError('usage', `cannot start a browser (${command}: ${error.code ?? error.message})`, {
            hint: `Open ${url} yourself, or use --print.`,
          }),
        ),
      )
      child.once('spawn', () => {
        child.unref()
        resolve()
      })
    })
    this.note(`Opened ${url}`)
    return {url, opened: true}
  }
}
