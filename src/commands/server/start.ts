import {Flags} from '@oclif/core'
import {defaultedDurationFlag} from '../../lib/command/flags.js'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'
import {startSpinner} from '../../lib/output/streams.js'
import type {StartResult} from '../../lib/server/manager.js'

export default class ServerStart extends BaseCommand<typeof ServerStart> {
  static override summary =
    'Start a local Conductor OSS server (the official jar; SQLite, or Postgres with one or more nodes).'
  static override description =
    'Downloads and verifies the boot jar from Maven Central (or uses --jar), finds a suitable Java, and runs the server in the background with its database in the data directory. Waits until /health answers. With --storage postgres the database, queues, index, scheduler and execution lock are on Postgres: --postgres-url names an existing database, otherwise a private Postgres (binaries from PATH or /usr/lib/postgresql/*/bin) is created in the data directory and stopped with the server; --nodes N starts N servers on consecutive ports sharing it.'
  static override examples = [
    '<%= config.bin %> server start',
    '<%= config.bin %> server start --version 3.32.1 --port 8081',
    '<%= config.bin %> server start --jar ./conductor-server-boot.jar --data-dir ./.conductor',
    '<%= config.bin %> server start --storage postgres --nodes 2',
    '<%= config.bin %> server start --storage postgres --postgres-url postgres://conductor:secret@db:5432/conductor',
  ]

  static override flags = {
    version: Flags.string({summary: 'Server version to run, or "latest" (default: the pinned version).'}),
    jar: Flags.string({summary: 'Run this local boot jar instead of downloading one.'}),
    port: Flags.integer({summary: 'HTTP port.', default: 8080, min: 1, max: 65535}),
    'data-dir': Flags.string({
      summary: 'Directory for the SQLite database or the private Postgres (default ~/.conductor-cli/server/PORT/data).',
    }),
    storage: Flags.string({
      summary: 'Where Conductor keeps its data.',
      options: ['sqlite', 'postgres'],
      default: 'sqlite',
    }),
    'postgres-url': Flags.string({summary: 'An existing Postgres database (postgres://user:pass@host:port/db).'}),
    'postgres-port': Flags.integer({
      summary: 'Port of the private Postgres (default: a free one).',
      min: 1,
      max: 65535,
    }),
    nodes: Flags.integer({
      summary: 'Servers on consecutive ports from --port, sharing the database.',
      default: 1,
      min: 1,
      max: 9,
    }),
    foreground: Flags.boolean({char: 'f', summary: 'Stay attached: logs to the terminal, Ctrl-C stops the server.'}),
    oss: Flags.boolean({summary: 'The open-source server (the default; accepted for the Go CLI).', hidden: true}),
    orkes: Flags.boolean({
      summary: 'Orkes server: not available (as in the Go CLI).',
      hidden: true,
      exclusive: ['oss'],
    }),
    wait: defaultedDurationFlag({
      summary: 'How long to wait for the server to become healthy (3m, 300s, or seconds).',
      default: '180s',
    }),
    property: Flags.string({
      summary: 'Extra Spring property for the server, KEY=VALUE (repeatable).',
      multiple: true,
      default: [],
    }),
  }

  async run(): Promise<StartResult> {
    if (this.flags.orkes)
      throw new CliError('usage', 'Orkes Conductor server download is not yet available. Please use --oss flag for now')
    const [{startServer, waitForExit}, report] = await Promise.all([
      import('../../lib/server/manager.js'),
      import('../../lib/server/start-report.js'),
    ])
    const f = this.flags
    const spinner = await startSpinner('Preparing the Conductor server', {quiet: this.jsonEnabled()})
    try {
      const result = await startServer({
        version: f.version,
        jar: f.jar,
        port: f.port,
        dataDir: f['data-dir'],
        foreground: f.foreground,
        waitSeconds: Math.max(1, Math.round(f.wait / 1000)),
        properties: f.property,
        storage: f.storage as 'sqlite' | 'postgres',
        postgresUrl: f['postgres-url'],
        postgresPort: f['postgres-port'],
        nodes: f.nodes,
        onStatus: (text) => {
          spinner.update(text)
          if (!process.stderr.isTTY) this.note(text)
        },
        onProgress: report.downloadProgress((text) => spinner.update(text)),
      })
      spinner.succeed(report.startedLine(result))
      this.log(report.readyText(result))
      if (f.foreground) await waitForExit(result.pid)
      return result
    } catch (error) {
      spinner.stop()
      throw error
    }
  }
}
