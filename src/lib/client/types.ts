/** Shapes of the server's documents we read fields from. Unknown fields are kept as they came. */
export type Json = null | boolean | number | string | Json[] | {[key: string]: Json}
export type JsonObject = {[key: string]: Json}

export interface WorkflowDef extends JsonObject {
  name: string
  version: number
  tasks: Json[]
}

export interface TaskDef extends JsonObject {
  name: string
}

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
