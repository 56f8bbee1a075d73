import type {Json, JsonObject} from '../json.js'
import type {Field, OnlyServerFields, ServerTaskDef, ServerWorkflowDef} from './server-model.js'

/** Shapes of the server's documents we read fields from. Unknown fields are kept as they came. */
export type {Json, JsonObject}

/** A workflow definition as the server's WorkflowDef (OpenAPI) has it; unknown fields kept as they came. */
export interface WorkflowDef extends JsonObject {
  name: Field<ServerWorkflowDef, 'name'>
  version: Field<ServerWorkflowDef, 'version'>
  tasks: Json[]
}

/** A task definition as the server's TaskDef (OpenAPI) has it; unknown fields kept as they came. */
export interface TaskDef extends JsonObject {
  name: Field<ServerTaskDef, 'name'>
}

export const workflowDefFieldsAreTheServers: OnlyServerFields<WorkflowDef, ServerWorkflowDef> = true
export const taskDefFieldsAreTheServers: OnlyServerFields<TaskDef, ServerTaskDef> = true

export interface VersionInfo {
  name: string
  version: number
  createTime?: number
  updateTime?: number
}

export interface BulkResponse {
  bulkErrorResults: Record<string, string>
  bulkSuccessfulResults: string[]
}

export interface SearchResult<T> {
  totalHits: number
  results: T[]
}
