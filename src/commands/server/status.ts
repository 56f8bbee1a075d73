import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {outputFlag} from '../../lib/command/flags.js'
import {CliError} from '../../lib/errors.js'
import type {StatusResult} from '../../lib/server/manager.js'

export default class ServerStatus extends BaseCommand<typeof ServerStatus> {
  static override summary = 'Show local servers: version, pid, port, data dir and health.'
  static override description =
    'Shows the servers started with `conductor server start` that were not stopped since (else port 8080). Exits 0 when every server shown is running and healthy, 6 otherwise.'
  static override examples = ['<%= config.bin %> server status', '<%= config.bin %> server status --port 8081 --json']

  static override flags = {
    ...outputFlag,
    port: Flags.integer({summary: 'Only the server on this port (default: every server this CLI started, else 8080).'}),
  }

  async run(): Promise<StatusResult[]> {
    const {databaseStatus, serverStatus} = await import('../../lib/server/manager.js')
    const {knownPorts} = await import('../../lib/server/state.js')
    let ports = this.flags.port ? [this.flags.port] : await knownPorts()
    if (ports.length === 0) ports = [8080]
    const nodes = await Promise.all(ports.map((p) => serverStatus(p)))
    const databases = (await Promise.all(ports.map((p) => databaseStatus(p)))).filter((d) => d !== undefined)
    const results = [...nodes, ...databases.filter((d, i) => databases.findIndex((o) => o.url === d.url) === i)]
    await this.renderList(results, [
      {header: 'Port', get: (r) => r.port},
      {
        header: 'Kind',
        get: (r) => (r.kind === 'postgres' ? 'postgres' : r.storage ? `conductor (${r.storage})` : 'conductor'),
      },
      {header: 'Status', get: (r) => (r.healthy ? 'healthy' : r.running ? 'running, not healthy' : 'stopped')},
      {header: 'Version', get: (r) => r.version},
      {header: 'PID', get: (r) => r.pid},
      {header: 'URL', get: (r) => r.url},
      {header: 'Data dir', get: (r) => r.dataDir},
    ])
    if (!results.every((r) => r.healthy))
      throw new CliError(
        'server',
        results.length === 1
          ? `The server on port ${results[0]?.port} is not running`
          : 'Not every server (or database) is running',
        {hint: 'Start one with `conductor server start`.', result: results},
      )
    return results
  }
}
