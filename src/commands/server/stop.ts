import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import type {StopResult} from '../../lib/server/manager.js'

export default class ServerStop extends BaseCommand<typeof ServerStop> {
  static override summary = 'Stop a local Conductor server started with `server start`.'
  static override description = 'Sends SIGTERM, waits until the process is gone (SIGKILL after 20 s), and confirms it.'
  static override examples = [
    '<%= config.bin %> server stop',
    '<%= config.bin %> server stop --port 8081',
    '<%= config.bin %> server stop --all',
  ]

  static override flags = {
    port: Flags.integer({summary: 'Port of the server to stop.', default: 8080}),
    all: Flags.boolean({summary: 'Stop every local server this CLI started.'}),
  }

  async run(): Promise<StopResult[]> {
    const {stopServer} = await import('../../lib/server/manager.js')
    const {knownPorts} = await import('../../lib/server/state.js')
    const ports = this.flags.all ? await knownPorts() : [this.flags.port]
    const results: StopResult[] = []
    for (const port of ports) {
      const result = await stopServer(port)
      results.push(result)
      this.note(
        result.outcome === 'not-running'
          ? `No server started by this CLI is running on port ${port}`
          : `Stopped the server on port ${port} (pid ${result.pid}${result.outcome === 'killed' ? ', killed after the grace period' : ''})`,
      )
    }
    return results
  }
}
