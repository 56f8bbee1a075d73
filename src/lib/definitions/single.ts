import type {JsonObject} from '../client/types.js'
import {CliError} from '../errors.js'

/**
 * One workflow definition from a file, validated offline as `workflow validate` does (any error:
 * nothing is sent), in the shape the server reads. `printProblems` shows the errors to people.
 */
export async function workflowFromFile(
  file: string,
  options: {what: string; printProblems?: (text: string) => void},
): Promise<JsonObject> {
  const [{loadDefinitions}, {validateDefinitions}, {reportOf, formatHuman}, {wireBody}] = await Promise.all([
    import('./load.js'),
    import('./validate.js'),
    import('./report.js'),
    import('./normalise.js'),
  ])
  const loaded = await loadDefinitions([file], {only: 'workflow'})
  const problems = [...loaded.problems, ...(await validateDefinitions(loaded.definitions))]
  const report = reportOf(loaded, problems)
  if (report.summary.errors > 0) {
    options.printProblems?.(formatHuman({...report, problems: report.problems.filter((p) => p.severity === 'error')}))
    throw new CliError(
      'invalid',
      `${file}: the definition has ${report.summary.errors} error(s); nothing was ${options.what}`,
      {
        hint: '`conductor workflow validate` shows them too.',
        details: {problems: report.problems},
      },
    )
  }
  const [def, ...more] = loaded.definitions
  if (!def) throw new CliError('invalid', `${file}: no workflow definition found`)
  if (more.length > 0)
    throw new CliError('usage', `${file} holds ${loaded.definitions.length} workflow definitions; give a file with one`)
  return wireBody('workflowDef', def.doc as JsonObject) as JsonObject
}
