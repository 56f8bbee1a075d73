import {loadDefinitions, type DefinitionKind, type LoadedDefinition, type LoadResult} from './load.js'
import {countBySeverity, formatProblem, sortProblems, type Problem} from './problems.js'
import {validateDefinitions} from './validate.js'

/** What `workflow validate` / `task validate` return (also their --json shape). */
export interface ValidationReport {
  files: string[]
  definitions: {file: string; pointer: string; kind: DefinitionKind; name: string; version?: number}[]
  problems: Problem[]
  summary: {files: number; definitions: number; errors: number; warnings: number}
}

export async function validateInputs(
  inputs: string[],
  options: {only?: DefinitionKind; stdin?: NodeJS.ReadableStream} = {},
): Promise<ValidationReport> {
  const loaded = await loadDefinitions(inputs, options)
  return reportOf(loaded, [...loaded.problems, ...(await validateDefinitions(loaded.definitions))])
}

/** The report for what was loaded and every problem found (load problems included), sorted. */
export function reportOf(loaded: LoadResult, allProblems: Problem[]): ValidationReport {
  const problems = sortProblems([...allProblems])
  const {errors, warnings} = countBySeverity(problems)
  return {
    files: loaded.files,
    definitions: loaded.definitions.map(summaryOf),
    problems,
    summary: {files: loaded.files.length, definitions: loaded.definitions.length, errors, warnings},
  }
}

function summaryOf(def: LoadedDefinition): ValidationReport['definitions'][number] {
  return {
    file: def.file,
    pointer: def.pointer,
    kind: def.kind,
    name: def.name,
    ...(def.version === undefined ? {} : {version: def.version}),
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export function summaryLine(report: ValidationReport): string {
  const s = report.summary
  return `${plural(s.files, 'file')}, ${plural(s.definitions, 'definition')}: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`
}

/** `file:line:col  error    message  [rule]`, a blank line between files, then the summary. */
export function formatHuman(report: ValidationReport): string {
  const lines: string[] = []
  let lastFile: string | undefined
  for (const p of report.problems) {
    if (lastFile !== undefined && p.file !== lastFile) lines.push('')
    lastFile = p.file
    lines.push(formatProblem(p))
  }
  if (lines.length > 0) lines.push('')
  lines.push(summaryLine(report))
  return lines.join('\n') + '\n'
}

/** GitHub Actions workflow commands: one annotation per problem. */
export function formatGithub(report: ValidationReport): string {
  const data = (s: string) => s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A')
  const prop = (s: string) => data(s).replaceAll(':', '%3A').replaceAll(',', '%2C')
  const lines = report.problems.map((p) => {
    const props = [`file=${prop(p.file)}`]
    if (p.line !== undefined) props.push(`line=${p.line}`)
    if (p.column !== undefined) props.push(`col=${p.column}`)
    props.push(`title=${prop(p.rule)}`)
    return `::${p.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${data(p.message)}`
  })
  lines.push(summaryLine(report))
  return lines.join('\n') + '\n'
}
