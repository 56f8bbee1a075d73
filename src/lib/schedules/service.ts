import type {ConductorClient} from '../client/client.js'
import {ApiError} from '../client/api-error.js'
import {CliError} from '../errors.js'
import {deleteSchedule, getWorkflow, listSchedules, saveSchedule} from '../definitions/metadata.js'
import type {JsonObject} from '../definitions/model.js'

/** The scheduler module's schedules (reference §2.7), for the `schedule` commands. */
export interface ScheduleRequest extends JsonObject {
  name: string
}

const enc = encodeURIComponent

/** A 404 from the scheduler's collection itself means the module is missing on this server. */
function schedulerMissing(error: unknown): never {
  if (error instanceof ApiError && error.status === 404)
    throw new CliError('notFound', `${error.message}: this server has no scheduler API`, {
      hint: 'Schedules need the scheduler module (the default conductor-oss jar ships it, conductor.scheduler.enabled=true).',
    })
  throw error
}

export async function list(client: ConductorClient, workflowName?: string): Promise<JsonObject[]> {
  return listSchedules(client, workflowName).catch(schedulerMissing)
}

export async function find(client: ConductorClient, name: string): Promise<JsonObject | undefined> {
  try {
    const found = await client.json<JsonObject | undefined>('GET', `/scheduler/schedules/${enc(name)}`)
    // some servers answer 200 with an empty body for a missing schedule
    return found && typeof found.name === 'string' && found.name !== '' ? found : undefined
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined
    throw error
  }
}

export async function get(client: ConductorClient, name: string): Promise<JsonObject> {
  const found = await find(client, name)
  if (!found)
    throw new CliError('notFound', `Schedule '${name}' does not exist`, {
      hint: 'List what exists with `conductor schedule list`.',
    })
  return found
}

/**
 * Offline checks (cron, zone, the fields the server needs) and that the workflow it starts exists:
 * the server stores any cron and unknown workflows, and the schedule then fails at each run.
 */
export async function check(client: ConductorClient, schedule: JsonObject): Promise<void> {
  const [{schemaFindings}, {scheduleFindings}, {wireBody}] = await Promise.all([
    import('../definitions/schema.js'),
    import('../definitions/schedule-rules.js'),
    import('../definitions/normalise.js'),
  ])
  const body = wireBody('schedule', schedule) as JsonObject
  const findings = [...(await schemaFindings('schedule', body)), ...scheduleFindings(body, {files: new Map()})].filter(
    (f) => f.severity === 'error',
  )
  const first = findings[0]
  if (first)
    throw new CliError('invalid', `Schedule ${String(schedule.name ?? '')}: ${first.message}`, {
      hint: 'Conductor reads Spring cron: six fields, seconds first, e.g. "0 0 * * * *" for every hour.',
    })
  const request = body.startWorkflowRequest as JsonObject
  if (request.workflowDef === undefined)
    await getWorkflow(client, String(request.name), typeof request.version === 'number' ? request.version : undefined)
}

/** Create: refused (conflict) if the name exists, since the server's POST would overwrite it. */
export async function create(client: ConductorClient, schedule: ScheduleRequest): Promise<void> {
  await check(client, schedule)
  if (await find(client, schedule.name))
    throw new CliError('conflict', `A schedule named '${schedule.name}' already exists`, {
      hint: 'Use `conductor schedule update` to change it.',
    })
  await saveSchedule(client, schedule).catch(schedulerMissing)
}

/** Update: refused (not found) if the name does not exist, since the server's POST would create it. */
export async function update(client: ConductorClient, schedule: ScheduleRequest): Promise<void> {
  await check(client, schedule)
  await get(client, schedule.name)
  await saveSchedule(client, schedule).catch(schedulerMissing)
}

export async function remove(client: ConductorClient, name: string): Promise<void> {
  await get(client, name) // the server answers 200 for a missing name: say so instead
  await deleteSchedule(client, name)
}

export async function pause(client: ConductorClient, name: string, reason?: string): Promise<void> {
  await client.json('PUT', `/scheduler/schedules/${enc(name)}/pause`, {query: {reason}, idempotent: true})
}

/** Resuming a schedule that runs already is a no-op here (the server answers 404 for it). */
export async function resume(client: ConductorClient, name: string): Promise<void> {
  const schedule = await get(client, name)
  if (schedule.paused !== true) return
  await client.json('PUT', `/scheduler/schedules/${enc(name)}/resume`, {idempotent: true})
}

export interface ExecutionSearch {
  count: number
  workflow?: string | undefined
  /** scheduler execution states: POLLED, EXECUTED, FAILED */
  states?: string[] | undefined
  schedule?: string | undefined
}

/** Executions of schedules, newest first, in the server's query grammar (SchedulerSearchQuery). */
export async function searchExecutions(client: ConductorClient, search: ExecutionSearch): Promise<JsonObject[]> {
  const clauses: string[] = []
  if (search.schedule) clauses.push(`scheduleName IN (${search.schedule})`)
  if (search.workflow) clauses.push(`workflowName=${search.workflow}`)
  if (search.states && search.states.length > 0) clauses.push(`state IN (${search.states.join(',')})`)
  const result = await client
    .json<{results?: JsonObject[]} | undefined>('GET', '/scheduler/search/executions', {
      query: {
        start: 0,
        size: search.count,
        freeText: '*',
        sort: 'scheduledTime:DESC',
        ...(clauses.length > 0 ? {query: clauses.join(' AND ')} : {}),
      },
    })
    .catch(schedulerMissing)
  return result?.results ?? []
}

/** A schedule from the Go CLI's flags: name, cron, workflow (and version, input, paused). */
export function fromFlags(flags: {
  name: string
  cron: string
  workflow: string
  version?: number | undefined
  input?: string | undefined
  paused: boolean
}): ScheduleRequest {
  let input: unknown = {}
  if (flags.input !== undefined) {
    try {
      input = JSON.parse(flags.input)
    } catch (error) {
      throw new CliError('usage', `--input must be valid JSON: ${(error as Error).message}`)
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input))
      throw new CliError('usage', '--input must be a JSON object')
  }
  return {
    name: flags.name,
    cronExpression: flags.cron,
    paused: flags.paused,
    startWorkflowRequest: {
      name: flags.workflow,
      ...(flags.version === undefined ? {} : {version: flags.version}),
      input: input as JsonObject,
    },
  }
}

/** A schedule from a JSON or YAML document (a file or stdin). */
export async function fromDocument(bytes: Uint8Array, origin: string): Promise<ScheduleRequest> {
  const {parse} = await import('yaml')
  let doc: unknown
  try {
    doc = parse(Buffer.from(bytes).toString('utf8'))
  } catch (error) {
    throw new CliError('invalid', `${origin}: not JSON or YAML: ${(error as Error).message}`)
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || typeof (doc as JsonObject).name !== 'string')
    throw new CliError('invalid', `${origin}: expected one schedule object with a name`)
  return doc as ScheduleRequest
}

/** time.UnixDate, as the Go CLI prints execution times (here in UTC): `Mon Jan  2 15:04:05 UTC 2006`. */
export function unixDate(ms: number): string {
  const d = new Date(ms)
  const [wd, mon] = [
    ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()],
    ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()],
  ]
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${wd} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
}
