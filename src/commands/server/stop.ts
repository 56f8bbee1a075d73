import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import type {StopResult} from '../../lib/server/manager.js'

export default class ServerStop extends BaseCommand<typeof ServerStop> {
  static override summary = 'Stop a local Conductor server started with `server start`.'
  static override description =
    'Sends SIGTERM, waits until the process is gone (SIGKILL after 20 s), and confirms it: "Stopping Conductor server (PID: n)..." then "Server stopped", or "Conductor server is not running" (exit 0). A server started with --nodes stops all its nodes, and a private Postgres stops with its server.'
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
    const {stopServers} = await import('../../lib/server/manager.js')
    const {knownPorts} = await import('../../lib/server/state.js')
    const known = await knownPorts()
    // no --port: the only server this CLI started (the Go CLI has just one), else 8080
    const ports = this.flags.all ? known : [this.flags.port ?? (known.length === 1 ? (known[0] as number) : 8080)]
    const results: StopResult[] = []
    // the Go CLI's lines on stdout; ours confirms the process is gone before saying so
    for (const port of ports) {
      if (results.some((r) => r.port === port && r.kind !== 'postgres')) continue // a node of a cluster stopped above
      for (const result of await stopServers(port)) {
        results.push(result)
        const postgres = result.kind === 'postgres'
        if (result.outcome === 'not-running') {
          if (!postgres) this.log('Conductor server is not running')
          this.note(`No ${postgres ? 'Postgres' : 'server'} started by this CLI is running on port ${result.port}`)
          continue
        }
        if (!postgres) {
          this.log(`Stopping Conductor server (PID: ${result.pid})...`)
          this.log('Server stopped')
        }
        this.note(
          `Stopped ${postgres ? 'Postgres' : 'the server'} on port ${result.port} (pid ${result.pid}${result.outcome === 'killed' ? ', killed after the grace period' : ''})`,
        )
      }
    }
    return results
  }
}
