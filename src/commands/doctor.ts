import {BaseCommand} from '../lib/command/base-command.js'
import {CliError} from '../lib/errors.js'
import type {DoctorReport} from '../lib/doctor.js'

export default class Doctor extends BaseCommand<typeof Doctor> {
  static override summary =
    'Check the connection: reachability, server version, auth, and which API families the server offers.'
  static override examples = [
    '<%= config.bin %> doctor',
    '<%= config.bin %> doctor --server https://play.orkes.io/api --json',
  ]

  async run(): Promise<DoctorReport> {
    const {runDoctor} = await import('../lib/doctor.js')
    const config = await this.settings()
    const client = await this.client()
    const authMode = config.authToken ? 'token' : config.authKey ? 'key + secret' : 'none'
    const report = await runDoctor(client, authMode)
    if (!this.jsonEnabled()) {
      this.log(`Server:  ${report.server} (from ${config.server.origin})`)
      for (const check of report.checks) {
        this.log(`${check.ok ? '✓' : '✗'} ${check.name}: ${check.detail}`)
        if (!check.ok && check.hint) this.log(`  hint: ${check.hint}`)
      }
      if (report.checks.every((c) => c.ok)) {
        this.log(
          `Flavour: ${report.flavour === 'oss' ? 'Conductor OSS' : report.flavour === 'orkes' ? 'Orkes Conductor' : 'unknown'}`,
        )
        const caps = Object.entries(report.capabilities)
        this.log(
          `APIs:    ${caps
            .filter(([, on]) => on)
            .map(([name]) => name)
            .join(', ')}`,
        )
        const missing = caps.filter(([, on]) => !on).map(([name]) => name)
        if (missing.length > 0) this.log(`Absent:  ${missing.join(', ')}`)
      }
    }
    const failed = report.checks.find((c) => !c.ok)
    if (failed) {
      const kind = failed.name === 'reachable' ? 'network' : failed.name === 'auth' ? 'auth' : 'server'
      throw new CliError(kind, `doctor: the ${failed.name} check failed: ${failed.detail}`, {
        hint: failed.hint,
        details: {report},
      })
    }
    return report
  }
}
