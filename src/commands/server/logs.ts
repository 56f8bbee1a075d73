import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'

export default class ServerLogs extends BaseCommand<typeof ServerLogs> {
  static override summary = "Print a local server's log."
  static override examples = ['<%= config.bin %> server logs -n 100', '<%= config.bin %> server logs --follow']

  static override flags = {
    port: Flags.integer({summary: 'Port of the server (default: the only one started, else 8080).'}),
    lines: Flags.integer({char: 'n', summary: 'Number of lines from the end.', default: 50, min: 0}),
    follow: Flags.boolean({char: 'f', summary: 'Keep printing new lines until interrupted.'}),
  }

  async run(): Promise<{file: string; lines: string[]}> {
    const {logFilePath} = await import('../../lib/server/state.js')
    const {tailLines} = await import('../../lib/server/process.js')
    const {stat} = await import('node:fs/promises')
    const {knownPorts} = await import('../../lib/server/state.js')
    const known = await knownPorts()
    const port = this.flags.port ?? (known.length === 1 ? (known[0] as number) : 8080)
    const file = logFilePath(port)
    const size = await stat(file).then(
      (s) => s.size,
      () => undefined,
    )
    if (size === undefined)
      throw new CliError('notFound', `No log for a server on port ${port} (${file})`, {
        hint: 'Start one with `conductor server start`.',
      })
    const lines = await tailLines(file, this.flags.lines)
    if (!this.jsonEnabled()) for (const line of lines) process.stdout.write(line + '\n')
    if (this.flags.follow && !this.jsonEnabled()) await this.follow(file, size)
    return {file, lines}
  }

  private async follow(file: string, from: number): Promise<never> {
    const {open, stat} = await import('node:fs/promises')
    let position = from
    for (;;) {
      const size = await stat(file).then(
        (s) => s.size,
        () => 0,
      )
      if (size < position) position = 0 // rotated by a restart
      if (size > position) {
        const handle = await open(file, 'r')
        const buffer = Buffer.alloc(size - position)
        await handle.read(buffer, 0, buffer.length, position)
        await handle.close()
        process.stdout.write(buffer)
        position = size
      }
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
  }
}
