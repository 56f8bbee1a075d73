import type {ConductorClient} from '../client/client.js'
import type {DefinitionKind} from '../definitions/load.js'
import type {RegisterResult} from '../definitions/register.js'
import type {VersionPolicy} from '../definitions/versioning.js'
import {CliError} from '../errors.js'

/** What the register flow needs from the command running it. */
export interface CommandIo {
  json: boolean
  client(): Promise<ConductorClient>
}

/** Loads, validates (any error: nothing is sent) and registers; `workflow register|create|update`, `task register`. */
export async function validateAndRegister(
  io: CommandIo,
  paths: string[],
  kinds: DefinitionKind[],
  options: {strict: boolean; dryRun: boolean; versionPolicy: VersionPolicy},
): Promise<RegisterResult[]> {
  const {loadDefinitions} = await import('../definitions/load.js')
  const {validateDefinitions} = await import('../definitions/validate.js')
  const {reportOf, formatHuman} = await import('../definitions/report.js')
  const {sortProblems} = await import('../definitions/problems.js')
  const loaded = await loadDefinitions(paths, {
    stdin: process.stdin,
    ...(kinds.length === 1 ? {only: kinds[0]} : {}),
  })
  // schedules and event handlers are `conductor plan`/`apply`'s business
  loaded.definitions = loaded.definitions.filter((d) => kinds.includes(d.kind))
  const problems = sortProblems([...loaded.problems, ...(await validateDefinitions(loaded.definitions))])
  const report = reportOf(loaded, problems)
  const failing = report.summary.errors + (options.strict ? report.summary.warnings : 0)
  if (problems.length > 0 && !io.json) process.stderr.write(formatHuman(report))
  if (failing > 0)
    throw new CliError(
      'invalid',
      `Nothing was registered: ${report.summary.errors} error(s)${options.strict ? ` and ${report.summary.warnings} warning(s)` : ''} in the inputs`,
      {
        hint: 'Fix the problems above (`conductor workflow validate` shows them too), then run register again.',
        result: report,
      },
    )
  if (loaded.definitions.length === 0) throw new CliError('invalid', 'No definitions found in the inputs')

  const {registerDefinitions} = await import('../definitions/register.js')
  const {startSpinner} = await import('../output/streams.js')
  const spinner = await startSpinner('Comparing with the server', {quiet: io.json})
  try {
    return await registerDefinitions(await io.client(), loaded.definitions, {
      dryRun: options.dryRun,
      versionPolicy: options.versionPolicy,
      onProgress: (done, total) => spinner.update(`Registering ${done}/${total}`),
    })
  } finally {
    spinner.stop()
  }
}
