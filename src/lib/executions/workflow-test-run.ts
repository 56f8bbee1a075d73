import type {ConductorClient} from '../client/client.js'
import type {JsonObject} from '../client/types.js'
import {CliError} from '../errors.js'
import {outcomeEnding, outcomeLine, outcomeOf, type Outcome} from './follow.js'
import type {PathStep} from './workflow-test.js'

export interface TestReport extends Outcome {
  path: PathStep[]
  /** Refs of tasks the run stopped at because no mock was left for them. */
  waitingForMocks: string[]
  /** false with --keep: the execution is still on the server. */
  removed: boolean
}

/** What `workflow test` was asked, as its flags give it. */
export interface TestAsk {
  /** A definition file, or the name of a registered workflow. */
  target: string
  version?: number | undefined
  input?: string[] | undefined
  inputFile?: string | undefined
  mocks: string[]
  keep: boolean
}

/** How the test speaks to whoever runs it; it never writes to the terminal itself. */
export interface TestHooks {
  warn(message: string): void
  note(message: string): void
  /** Problems found in a definition file, formatted. */
  problems(text: string): void
  /** The report, before the execution is removed. */
  report(report: TestReport): Promise<void>
}

/**
 * Runs the workflow with its mocks as a real execution, reports the path it took, then removes the
 * execution (unless keep, or it is removed anyway when something fails). An unsuccessful outcome
 * ends with its CliError, the report as its result.
 */
export async function runTest(
  connect: () => Promise<ConductorClient>,
  ask: TestAsk,
  hooks: TestHooks,
): Promise<TestReport> {
  const [{runInput}, wt] = await Promise.all([import('./input.js'), import('./workflow-test.js')])
  const input = await runInput({inputFile: ask.inputFile, input: ask.input})
  const mocks = await wt.parseMocks(ask.mocks)
  const file = await isFile(ask.target)
  if (file && ask.version !== undefined)
    throw new CliError('usage', '--version applies to a registered workflow (NAME), not to a file')
  const client = await connect()
  const def = file ? await definitionFromFile(ask.target, hooks) : await definitionFromServer(client, ask)
  const prepared = await wt.prepareTest(client, {def, input, mocks, warn: hooks.warn})
  const workflow = await wt.startTest(client, prepared, (n) =>
    hooks.note(`Removed ${n} execution(s) the test left on the server`),
  )
  let removed = false
  try {
    const outcome = outcomeOf({...workflow, workflowName: workflow.workflowName ?? String(def.name)})
    const report: TestReport = {
      ...outcome,
      path: wt.pathOf(workflow, mocks),
      waitingForMocks: wt.waitingForMocks(workflow),
      removed: false,
    }
    await hooks.report(report)
    if (!ask.keep) {
      await wt.removeTestExecution(client, workflow)
      removed = report.removed = true
    } else
      hooks.note(
        `Kept the test execution ${workflow.workflowId} (\`conductor execution delete ${workflow.workflowId} --yes\` removes it)`,
      )
    const ending = outcomeEnding(outcome)
    if (ending) throw new CliError(ending.kind, ending.message, {result: report, quiet: true})
    return report
  } finally {
    if (!removed && !ask.keep)
      await wt
        .removeTestExecution(client, workflow)
        .catch((error: unknown) =>
          hooks.warn(`Could not remove the test execution ${workflow.workflowId}: ${(error as Error).message}`),
        )
  }
}

/** The lines under the path: the outcome and output, or where the run stopped and the mock it needs. */
export function reportNotes(report: TestReport): string[] {
  if (report.finished) return [outcomeLine(report), `Output: ${JSON.stringify(report.output)}`]
  const at = report.waitingForMocks
  const stopped = at.length > 0 ? `: stopped at ${at.join(', ')}, no mock (left) for it` : ''
  const notes = [`${report.workflowName ?? 'workflow'} is still ${report.status} (${report.workflowId})${stopped}`]
  if (at.length > 0) notes.push(`Hint: add --mock ${at[0]}='{"output": {...}}' (a list gives one result per attempt)`)
  return notes
}

async function definitionFromFile(file: string, hooks: TestHooks): Promise<JsonObject> {
  const {workflowFromFile} = await import('../definitions/single.js')
  return workflowFromFile(file, {what: 'run', printProblems: hooks.problems})
}

async function definitionFromServer(client: ConductorClient, ask: TestAsk): Promise<JsonObject> {
  if (/[\\/]|\.(json|ya?ml)$/i.test(ask.target))
    throw new CliError('usage', `No such file: ${ask.target}`, {
      hint: 'Give a workflow definition file, or the name of a registered workflow.',
    })
  const {getWorkflow} = await import('../definitions/metadata.js')
  return getWorkflow(client, ask.target, ask.version)
}

async function isFile(path: string): Promise<boolean> {
  const {stat} = await import('node:fs/promises')
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  )
}
