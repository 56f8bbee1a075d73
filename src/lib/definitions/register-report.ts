import {CliError} from '../errors.js'
import type {Column} from '../output/formats.js'
import {summarise, type RegisterResult} from './register.js'

/** The table of what register did (or would do): the version written, and the one it replaced. */
export const REGISTER_COLUMNS: Column<RegisterResult>[] = [
  {header: 'Kind', get: (r) => r.kind},
  {header: 'Name', get: (r) => r.name},
  {
    header: 'Version',
    get: (r) =>
      r.version === undefined
        ? ''
        : r.previousVersion === undefined
          ? r.version
          : `${r.version} (was ${r.previousVersion})`,
  },
  {header: 'Action', get: (r) => r.action},
  {header: 'File', get: (r) => r.file},
  {header: 'Error', get: (r) => r.error ?? ''},
]

/** The lines under the table: counts per action, and what to do about requests that were cut off. */
export function registerNotes(results: RegisterResult[], dryRun: boolean): string[] {
  const counts = summarise(results)
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([action, n]) => `${n} ${action === 'unknown' ? 'unknown (may have been applied)' : action}`)
  const notes = [`${parts.join(', ') || 'nothing to do'}${dryRun ? ' (dry run: nothing was sent)' : ''}`]
  if (counts.unknown > 0)
    notes.push(
      `${counts.unknown} may have been applied (the request was cut off); run the same command again: it compares with the server and sends only what is missing or different`,
    )
  return notes
}

/** partial when any definition failed or may not have been applied; the results are its result. */
export function registerEnding(results: RegisterResult[]): CliError | undefined {
  const counts = summarise(results)
  if (counts.failed + counts.unknown === 0) return undefined
  return new CliError('partial', `${counts.failed + counts.unknown} definition(s) not confirmed registered`, {
    result: results,
    quiet: true,
  })
}
