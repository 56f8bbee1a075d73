import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import type {StopResult} from '../../lib/server/manager.js'

export default class ServerStop extends BaseCommand<typeof ServerStop> {
  static override summary = 'Stop a local Conductor server started with `server start`.'
  static override description =
    'Sends SIGTERM, waits until the process is gone (SIGKILL after 20 s), and confirms it: "Stopping Conductor server (PID: n)..." then "Server stopped", or "Conductor server is not running" (exit 0).'
  static override examples = [
    '<%= config.bin %> server stop',
    '<%= config.bin %> server stop --port 8081',
    '<%= config.bin %> server stop --all',
  ]

  static override flags = {
    port: Flags.integer({summary: 'Port of the server to stop (default: the only one running, else 8080).'}),
    all: Flags.boolean({summary: 'Stop every local server this CLI started.'}),
  }

  async run(): Promise<StopResult[]> {
    const {stopServer} = await import('../../lib/server/manager.js')
    const {knownPorts} = await import('../../lib/server/state.js')
    const known = await knownPorts()
    // no --port: the only server this CLI started (the Go CLI has just one), else 8080
    const ports = this.flags.all ? known : [this.flags.port ?? (known.length === 1 ? (known[0] as number) : 8080)]
    const results: StopResult[] = []
    // the Go CLI's lines on stdout; ours confirms the process is gone before saying so
    for (const port of ports) {
      const result = await stopServer(port)
      results.push(result)
      if (result.outcome === 'not-running') {
        this.log('Conductor server is not running')
        this.note(`No server started by this CLI is running on port ${port}`)
      } else {
        this.log(`Stopping Conductor server (PID: ${result.pid})...`)
        this.log('Server stopped')
        this.note(
          `Stopped the server on port ${port} (pid ${result.pid}${result.outcome === 'killed' ? ', killed after the grace period' : ''})`,
        )
      }
    }
    return results
  }
}
