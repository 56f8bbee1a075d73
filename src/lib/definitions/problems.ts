/** What validation reports: one shape for parse, io, schema and rule findings. */
export type Severity = 'error' | 'warning'

export interface Problem {
  file: string
  line?: number
  column?: number
  /** JSON path inside the definition (`$` is the definition itself), e.g. `$.tasks[2].inputParameters`. */
  path: string
  /** Stable id of the check, e.g. 'schema', 'duplicate-ref', 'unknown-ref', 'unknown-field', 'parse'. */
  rule: string
  severity: Severity
  message: string
  /** "name" or "name v2". */
  definition?: string
}

export type PathSegment = string | number

/** A problem before it is tied to a file and position: path relative to the definition. */
export interface Finding {
  path: PathSegment[]
  rule: string
  severity: Severity
  message: string
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** ['tasks', 2, 'inputParameters'] → `$.tasks[2].inputParameters`. */
export function formatPath(segments: readonly PathSegment[], root = '$'): string {
  let out = root
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`
    else if (IDENTIFIER.test(s)) out += `.${s}`
    else out += `[${JSON.stringify(s)}]`
  }
  return out
}

export function countBySeverity(problems: readonly Problem[]): {errors: number; warnings: number} {
  let errors = 0
  for (const p of problems) if (p.severity === 'error') errors++
  return {errors, warnings: problems.length - errors}
}

/** Problems in a stable order: by file, then position, then path. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.path.localeCompare(b.path) ||
      a.rule.localeCompare(b.rule),
  )
}

/**
 * The one way a problem is written for people, in every command that reads definitions:
 * `file:line:col  $.json.path  severity  message  (rule-id)`; the position and the path are left
 * out only where there is none.
 */
export function formatProblem(p: Problem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`
  const path = p.path && p.path !== '$' ? `  ${p.path}` : ''
  const definition = p.line === undefined && p.definition ? ` (in ${p.definition})` : ''
  const message = p.message.replace(/\s*\n\s*/g, ' ')
  return `${where}${path}  ${p.severity}  ${message}${definition}  (${p.rule})`
}
