import {workflowIds} from '../executions/control.js'
import {CliError, type ErrorKind} from '../errors.js'

export type EachResult<T> = ({id: string; ok: true} & T) | {id: string; ok: false; message: string; kind: ErrorKind}

/**
 * Reads something for each id in turn (the Go CLI's `workflow status|get-execution ID...`): a failure
 * is reported (`report`) and the rest still run; the command then ends with the failures' kind
 * (one kind: its exit code; mixed: partial), never with exit 0 as the Go CLI did after a failure.
 */
export async function eachId<T extends object>(
  argv: readonly unknown[],
  what: string,
  action: (id: string) => Promise<T>,
  report: (line: string) => void,
): Promise<EachResult<T>[]> {
  const results: EachResult<T>[] = []
  for (const id of workflowIds(argv)) {
    try {
      results.push({id, ok: true, ...(await action(id))})
    } catch (error) {
      if (!(error instanceof CliError)) throw error
      report(`Error: ${error.message}`)
      results.push({id, ok: false, message: error.message, kind: error.kind})
    }
  }
  const kinds = results.flatMap((r) => (r.ok ? [] : [r.kind]))
  if (kinds.length > 0) {
    const kind: ErrorKind = new Set(kinds).size === 1 ? (kinds[0] as ErrorKind) : 'partial'
    const failures = kinds
    throw new CliError(kind, `${what}: ${failures.length} of ${results.length} failed`, {result: results, quiet: true})
  }
  return results
}
