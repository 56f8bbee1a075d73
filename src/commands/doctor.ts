import {BaseCommand} from '../lib/command/base-command.js'
import {CliError} from '../lib/errors.js'
import type {DoctorReport} from '../lib/doctor.js'
import type {RuntimeReport} from '../lib/runtime.js'

export default class Doctor extends BaseCommand<typeof Doctor> {
  static override summary =
    'Check the local runtime (Java, Python) and the connection: reachability, server version, auth, API families.'
  static override examples = [
    '<%= config.bin %> doctor',
    '<%= config.bin %> doctor --server https://play.orkes.io/api --json',
  ]

  async run(): Promise<DoctorReport & {runtime: RuntimeReport}> {
    const {runDoctor} = await import('../lib/doctor.js')
    const {checkRuntime} = await import('../lib/runtime.js')
    // the runtime is probed while the server is checked, so a server that is down still fails fast
    const runtimeCheck = checkRuntime()
    const config = await this.settings()
    const client = await this.client()
    const authMode = config.authToken ? 'token' : config.authKey ? 'key + secret' : 'none'
    const [report, runtime] = await Promise.all([runDoctor(client, authMode), runtimeCheck])
    if (!this.jsonEnabled()) {
      // the Go CLI's runtime checks, in its words
      const {java, python} = runtime
      this.log('Runtime')
      this.log(
        java
          ? `  ok  Java ${java.version} (${java.path})`
          : '  --  Java not found (required by a local Conductor server; not needed for a remote server)',
      )
      this.log(
        python ? `  ok  Python ${python.version}` : '  --  Python not found (optional, needed for the Python SDK)',
      )
      this.log('')
    }
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
        result: {...report, runtime},
      })
    }
    return {...report, runtime}
  }
}
