import type {ConductorClient} from '../client/client.js'
import {ApiError} from '../client/api-error.js'
import type {BulkResponse, VersionInfo} from '../client/types.js'
import {CliError} from '../errors.js'
import type {JsonObject} from './model.js'

/** Typed calls to the metadata API (reference §2.1). Definitions are kept as the server sent them. */
export interface ServerWorkflowDef extends JsonObject {
  name: string
  version: number
}
export interface ServerTaskDef extends JsonObject {
  name: string
}

const enc = encodeURIComponent

export async function listWorkflows(
  client: ConductorClient,
  options: {allVersions?: boolean} = {},
): Promise<ServerWorkflowDef[]> {
  const path = options.allVersions ? '/metadata/workflow' : '/metadata/workflow/latest-versions'
  return (await client.json<ServerWorkflowDef[] | undefined>('GET', path)) ?? []
}

export async function getWorkflow(client: ConductorClient, name: string, version?: number): Promise<ServerWorkflowDef> {
  try {
    return await client.json<ServerWorkflowDef>('GET', `/metadata/workflow/${enc(name)}`, {query: {version}})
  } catch (error) {
    if (error instanceof ApiError && error.status === 404)
      throw new CliError(
        'notFound',
        `Workflow definition ${name}${version === undefined ? '' : ` version ${version}`} does not exist`,
        {
          hint: 'List what exists with `conductor workflow list`.',
        },
      )
    throw error
  }
}

export async function workflowVersions(client: ConductorClient, name: string): Promise<VersionInfo[]> {
  return (await client.json<VersionInfo[] | undefined>('GET', `/metadata/workflow/${enc(name)}/versions`)) ?? []
}

/**
 * The versions with their times. The server's versions list carries no times (createTime 0, no
 * updateTime), so each version's definition is read for them, four at a time.
 */
export async function workflowVersionsWithTimes(client: ConductorClient, name: string): Promise<VersionInfo[]> {
  const versions = await workflowVersions(client, name)
  const {default: pLimit} = await import('p-limit')
  const limit = pLimit(4)
  return Promise.all(
    versions.map((v) =>
      limit(async () => {
        const def = await client
          .json<{createTime?: number; updateTime?: number}>(
            'GET',
            `/metadata/workflow/${enc(name)}?version=${v.version}`,
          )
          .catch(() => undefined)
        const createTime = def?.createTime || v.createTime
        const updateTime = def?.updateTime ?? v.updateTime
        return {
          ...v,
          ...(createTime === undefined ? {} : {createTime}),
          ...(updateTime === undefined ? {} : {updateTime}),
        }
      }),
    ),
  )
}

export async function deleteWorkflow(client: ConductorClient, name: string, version: number): Promise<void> {
  await client.json('DELETE', `/metadata/workflow/${enc(name)}/${version}`, {idempotent: true})
}

/** Create-or-update many workflow definitions in one request; all or nothing on validation. */
export async function upsertWorkflows(client: ConductorClient, defs: unknown[]): Promise<BulkResponse | undefined> {
  return client.json<BulkResponse | undefined>('PUT', '/metadata/workflow', {body: defs, idempotent: true})
}

export async function listTaskDefs(client: ConductorClient): Promise<ServerTaskDef[]> {
  return (await client.json<ServerTaskDef[] | undefined>('GET', '/metadata/taskdefs')) ?? []
}

export async function getTaskDef(client: ConductorClient, name: string): Promise<ServerTaskDef> {
  try {
    return await client.json<ServerTaskDef>('GET', `/metadata/taskdefs/${enc(name)}`)
  } catch (error) {
    if (error instanceof ApiError && error.status === 404)
      throw new CliError('notFound', `Task definition ${name} does not exist`, {
        hint: 'List what exists with `conductor task list`.',
      })
    throw error
  }
}

/** POST takes an array and creates (an upsert on OSS SQLite); PUT updates one existing definition. */
export async function createTaskDefs(client: ConductorClient, defs: unknown[]): Promise<void> {
  await client.json('POST', '/metadata/taskdefs', {body: defs, idempotent: true})
}

export async function updateTaskDef(client: ConductorClient, def: unknown): Promise<void> {
  await client.json('PUT', '/metadata/taskdefs', {body: def, idempotent: true})
}

export async function deleteTaskDef(client: ConductorClient, name: string): Promise<void> {
  await client.json('DELETE', `/metadata/taskdefs/${enc(name)}`, {idempotent: true})
}
