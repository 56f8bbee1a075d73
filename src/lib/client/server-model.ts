import type {components} from './openapi.generated.js'

/**
 * The server's own model, from the OpenAPI document it publishes at /api-docs (checked in as
 * schemas/conductor-openapi.json; `npm run openapi:generate` regenerates openapi.generated.ts).
 * Our hand-kept types in client/types.ts and executions/types.ts take their field types from here,
 * and the checks below fail to compile when they name a field the server's model does not have.
 */
type Schemas = components['schemas']
export type ServerWorkflowDef = Schemas['WorkflowDef']
export type ServerTaskDef = Schemas['TaskDef']
export type ServerWorkflow = Schemas['Workflow']
export type ServerTask = Schemas['Task']

/** The type of a field the server documents, without the optionality its generator gives every field. */
export type Field<T, K extends keyof T> = NonNullable<T[K]>

/** Compiles only when every key of Ours is a field of the server's Model (besides an index signature). */
export type OnlyServerFields<Ours, Model> = Exclude<KnownKeys<Ours>, keyof Model> extends never ? true : never
type KnownKeys<T> = keyof {[K in keyof T as string extends K ? never : K]: T[K]}
