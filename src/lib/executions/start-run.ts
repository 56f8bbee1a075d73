import type {ConductorClient} from '../client/client.js'
import type {JsonObject} from '../client/types.js'
import {CliError} from '../errors.js'
import {runInput} from './input.js'
import {startWorkflow} from './service.js'

/** What `run` was asked, as its flags give it. */
export interface RunAsk {
  name?: string | undefined
  /** A definition file to run without registering it. */
  file?: string | undefined
  version?: number | undefined
  correlationId?: string | undefined
  priority?: number | undefined
  input?: string[] | undefined
  inputFile?: string | undefined
  taskToDomain?: {key: string; value: string}[] | undefined
}

export interface Started {
  workflowId: string
  /** The workflow's name (from the file with --file). */
  name: string
  client: ConductorClient
}

/**
 * Builds the input and, with a file, the checked definition (nothing is started when either is
 * wrong), then starts the execution. `problems` hears a definition file's problems, formatted.
 */
export async function startRun(
  connect: () => Promise<ConductorClient>,
  ask: RunAsk,
  problems: (text: string) => void,
): Promise<Started> {
  const input = await runInput({inputFile: ask.inputFile, input: ask.input})
  const workflowDef = await definition(ask, problems)
  const name = ask.name ?? String(workflowDef?.name)
  const taskToDomain = Object.fromEntries((ask.taskToDomain ?? []).map((kv) => [kv.key, kv.value]))
  const client = await connect()
  const workflowId = await startWorkflow(client, {
    name,
    workflowDef,
    taskToDomain,
    version: ask.version,
    correlationId: ask.correlationId,
    priority: ask.priority,
    input,
  })
  return {workflowId, name, client}
}

async function definition(ask: RunAsk, problems: (text: string) => void): Promise<JsonObject | undefined> {
  if (ask.file === undefined) {
    if (!ask.name)
      throw new CliError('usage', 'Missing workflow name', {
        hint: 'Give NAME, or --file DEF.json to run a definition file.',
      })
    return undefined
  }
  if (ask.name || ask.version !== undefined)
    throw new CliError('usage', '--file runs the definition in the file; give no NAME or --version with it')
  const {workflowFromFile} = await import('../definitions/single.js')
  return workflowFromFile(ask.file, {what: 'started', printProblems: problems})
}
