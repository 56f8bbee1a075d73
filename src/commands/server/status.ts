import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'
import {OUTPUT_FORMATS, type OutputFormat} from '../../lib/output/formats.js'
import type {StatusResult} from '../../lib/server/manager.js'

/** The Go CLI's status lines ("Conductor server is running (PID: n)", "Status: healthy", API/UI), then ours. */
function goLines(r: StatusResult): string[] {
  if (!r.running) return ['Conductor server is not running', `  Port: ${r.port}`]
  const root = `http://localhost:${r.port}`
  return [
    `Conductor server is running (PID: ${r.pid})`,
    r.healthy ? 'Status: healthy' : 'Status: starting or unreachable',
    `  API: ${root}/api`,
    `  UI:  ${root}`,
    ...(r.version ? [`  Version: ${r.version}`] : []),
    ...(r.dataDir ? [`  Data: ${r.dataDir}`] : []),
  ]
}

/** Every node in the Go CLI's words, then a line per database (Postgres) the nodes share. */
function goStatusLines(nodes: StatusResult[], databases: StatusResult[]): string {
  const blocks = nodes.map((r) => goLines(r).join('\n'))
  for (const d of databases)
    blocks.push(`Postgres ${d.running ? 'is running' : 'is not running'} (${d.url}${d.pid ? `, PID: ${d.pid}` : ''})`)
  return blocks.join('\n\n')
}

export default class ServerStatus extends BaseCommand<typeof ServerStatus> {
  static override summary = 'Show local servers: version, pid, port, data dir and health.'
  static override description =
    'Shows the servers started with `conductor server start` that were not stopped since (else port 8080), in the Go CLI\'s words ("Conductor server is running (PID: n)", "Status: healthy", or "Conductor server is not running"); -o table for a table. Exits 0 when every server shown is running and healthy, 6 otherwise (the Go CLI exits 0 either way).'
  static override examples = [
    '<%= config.bin %> server status',
    '<%= config.bin %> server status -o table',
    '<%= config.bin %> server status --port 8081 --json',
  ]

  static override flags = {
    output: Flags.string({char: 'o', summary: 'Output format.', options: [...OUTPUT_FORMATS]}),
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
    if (this.flags.output)
      await this.renderList(
        results,
        [
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
        ],
        this.flags.output as OutputFormat,
      )
    else if (!this.jsonEnabled()) this.log(goStatusLines(nodes, databases))
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
