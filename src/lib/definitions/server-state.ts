import type {ConductorClient} from '../client/client.js'
import {stateOf} from './compare.js'
import type {DefinitionKind} from './kind.js'
import {
  listEventHandlers,
  listSchedules,
  listTaskDefs,
  listWorkflows,
  type ServerTaskDef,
  type ServerWorkflowDef,
} from './metadata.js'
import type {Json, JsonObject} from './model.js'

/**
 * The server's definitions, one GET per kind, started as soon as a kind is known to be needed
 * (while the files are still being read and validated) and kept. A failed fetch is reported
 * where the state is used, as if it had been started there; until then it is not an error.
 */
export class ServerState {
  private workflows: Promise<ServerWorkflowDef[]> | undefined
  private tasks: Promise<ServerTaskDef[]> | undefined
  private schedules: Promise<JsonObject[]> | undefined
  private handlers: Promise<JsonObject[]> | undefined
  private connection: Promise<ConductorClient> | undefined

  constructor(private readonly connect: () => Promise<ConductorClient>) {}

  /** The client, made once. */
  client(): Promise<ConductorClient> {
    this.connection ??= this.connect()
    return this.connection
  }

  /** Starts fetching the definitions of a kind, if not started yet. */
  prefetch(kind: DefinitionKind): void {
    if (kind === 'workflow')
      this.workflows ??= quiet(this.client().then((client) => listWorkflows(client, {allVersions: true})))
    else if (kind === 'schedule') this.schedules ??= quiet(this.client().then((client) => listSchedules(client)))
    else if (kind === 'event-handler')
      this.handlers ??= quiet(this.client().then((client) => listEventHandlers(client)))
    else this.tasks ??= quiet(this.client().then((client) => listTaskDefs(client)))
  }

  /** The definitions of the kinds asked for, keyed like definitionKey. */
  async get(kinds: Set<DefinitionKind>): Promise<Map<string, Json>> {
    for (const kind of kinds) this.prefetch(kind)
    const [workflows, tasks, schedules, handlers] = await Promise.all([
      kinds.has('workflow') ? this.workflows : undefined,
      kinds.has('task') ? this.tasks : undefined,
      kinds.has('schedule') ? this.schedules : undefined,
      kinds.has('event-handler') ? this.handlers : undefined,
    ])
    return stateOf(workflows ?? [], tasks ?? [], schedules ?? [], handlers ?? [])
  }
}

/** The same promise, marked handled: its rejection surfaces where it is awaited, not as an unhandled rejection meanwhile. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined)
  return promise
}

/** The server's definitions of the kinds asked for, keyed like definitionKey. One request per kind. */
export async function fetchServerState(
  client: ConductorClient,
  kinds: Set<DefinitionKind>,
): Promise<Map<string, Json>> {
  return new ServerState(async () => client).get(kinds)
}
