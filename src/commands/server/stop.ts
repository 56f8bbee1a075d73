import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import type {StopResult} from '../../lib/server/manager.js'

export default class ServerStop extends BaseCommand<typeof ServerStop> {
  static override summary = 'Stop a local Conductor server started with `server start`.'
  static override description =
    'Sends SIGTERM, waits until the process is gone (SIGKILL after 20 s), and confirms it. A server started with --nodes stops all its nodes, and a private Postgres stops with its server.'
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
    const {stopServers} = await import('../../lib/server/manager.js')
    const {knownPorts} = await import('../../lib/server/state.js')
    const ports = this.flags.all ? await knownPorts() : [this.flags.port]
    const results: StopResult[] = []
    for (const port of ports) {
      if (results.some((r) => r.port === port && r.kind !== 'postgres')) continue // a node of a cluster stopped above
      for (const result of await stopServers(port)) {
        results.push(result)
        const what = result.kind === 'postgres' ? 'Postgres' : 'the server'
        this.note(
          result.outcome === 'not-running'
            ? `No ${result.kind === 'postgres' ? 'Postgres' : 'server'} started by this CLI is running on port ${result.port}`
            : `Stopped ${what} on port ${result.port} (pid ${result.pid}${result.outcome === 'killed' ? ', killed after the grace period' : ''})`,
        )
      }
    }
    return results
  }
}
