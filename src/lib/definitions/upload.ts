import {CliError} from '../errors.js'
import {loadDefinitions, type DefinitionKind, type LoadedDefinition} from './load.js'
import {reportOf, type ValidationReport} from './report.js'
import {validateDefinitions} from './validate.js'
import type {Json} from './model.js'
import {wireBody} from './normalise.js'

/**
 * The inputs of the Go CLI's `create`/`update` ([FILE], or stdin when it is piped): files, or `-`
 * for stdin when none is given. Without either there is nothing to read: a usage error.
 */
export function uploadInputs(positionals: string[], stdinIsTty: boolean, command: string): string[] {
  if (positionals.length > 0) return positionals
  if (stdinIsTty)
    throw new CliError('usage', `${command} needs a file, or a definition on stdin`, {
      hint: `Give a file (\`conductor ${command} def.json\`) or pipe one in (\`cat def.json | conductor ${command}\`).`,
    })
  return ['-']
}

/** Loads definitions of one kind and validates them offline, as `register` does. */
export async function loadValidDefinitions(
  inputs: string[],
  kind: DefinitionKind,
  stdin: NodeJS.ReadableStream,
): Promise<{definitions: LoadedDefinition[]; report: ValidationReport}> {
  const loaded = await loadDefinitions(inputs, {stdin, only: kind})
  const report = reportOf(loaded, [...loaded.problems, ...(await validateDefinitions(loaded.definitions))])
  return {definitions: loaded.definitions, report}
}

/** Any error means nothing may be sent (the report says why); warnings do not block. */
export function assertSendable(report: ValidationReport, kind: DefinitionKind): void {
  if (report.summary.errors > 0)
    throw new CliError('invalid', `Nothing was sent: ${report.summary.errors} error(s) in the inputs`, {
      hint: `Fix the problems above (\`conductor ${kind} validate\` shows them too), then run it again.`,
      result: report,
    })
  if (report.summary.definitions === 0) throw new CliError('invalid', `No ${kind} definitions found in the inputs`)
}

/** What is sent for a loaded definition (see wireBody: no `$schema`, no explicit nulls). */
export function sendableBody(def: LoadedDefinition): Json {
  return wireBody(def.kind === 'workflow' ? 'workflowDef' : 'taskDef', def.doc as Json)
}
