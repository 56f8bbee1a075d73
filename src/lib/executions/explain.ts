import {ApiError} from '../client/api-error.js'
import {CliError, type ErrorKind} from '../errors.js'
import type {Workflow} from './types.js'

/**
 * The server's refusals of execution operations, in the user's words, with the operation that fits.
 * Pure: given what the server said and the workflow's current status, returns the message to show.
 */
export type Operation = 'pause' | 'resume' | 'retry' | 'restart' | 'terminate' | 'rerun' | 'skip-task' | 'delete'

export interface Refusal {
  status: number
  serverMessage?: string | undefined
}

export interface RefusalContext {
  id: string
  /** The workflow's status, read after the refusal (undefined when unknown). */
  current?: string | undefined
  ref?: string | undefined
  archive?: boolean | undefined
}

export interface Explanation {
  kind: ErrorKind
  message: string
  hint?: string | undefined
}

const ENDED = ['COMPLETED', 'FAILED', 'TIMED_OUT', 'TERMINATED']
const RETRYABLE = ['FAILED', 'TIMED_OUT', 'TERMINATED']

/** Which statuses each operation applies to, in words. */
const APPLIES_TO: Record<Operation, {statuses: string[]; words: string}> = {
  pause: {statuses: ['RUNNING', 'PAUSED'], words: 'RUNNING workflows'},
  resume: {statuses: ['PAUSED'], words: 'PAUSED workflows'},
  retry: {statuses: RETRYABLE, words: 'FAILED, TIMED_OUT or TERMINATED workflows'},
  restart: {statuses: ENDED, words: 'workflows that have ended (COMPLETED, FAILED, TIMED_OUT, TERMINATED)'},
  rerun: {statuses: ENDED, words: 'workflows that have ended (COMPLETED, FAILED, TIMED_OUT, TERMINATED)'},
  terminate: {
    statuses: ['RUNNING', 'PAUSED', 'FAILED', 'TIMED_OUT', 'TERMINATED'],
    words: 'workflows that have not COMPLETED',
  },
  'skip-task': {statuses: ['RUNNING'], words: 'RUNNING workflows'},
  delete: {statuses: ['RUNNING', 'PAUSED', ...ENDED], words: 'any workflow'},
}

/** What to do instead, by operation and the status the workflow is in. */
function alternative(op: Operation, current: string, id: string): string | undefined {
  const running = current === 'RUNNING'
  const paused = current === 'PAUSED'
  switch (op) {
    case 'pause':
      return RETRYABLE.includes(current)
        ? `It has ended; \`conductor execution retry ${id}\` resumes it from the failed task, restart runs it again from the start.`
        : 'It has ended; `conductor execution restart` runs it again from the start.'
    case 'resume':
      if (running) return 'It is already running; nothing to resume.'
      return RETRYABLE.includes(current)
        ? `It has ended; \`conductor execution retry ${id}\` continues from the failed task.`
        : 'It has ended; `conductor execution restart` runs it again from the start.'
    case 'retry':
      if (running)
        return `Use pause or terminate to stop it; once it has ended, rerun --from-task REF goes back to a task.`
      if (paused) return `Use \`conductor execution resume ${id}\` to continue it.`
      return `Nothing failed. Use \`conductor execution restart ${id}\` to run it again from the start, or \`conductor execution rerun ${id} --from-task REF\` to go back to a task.`
    case 'restart':
    case 'rerun':
      return running || paused
        ? `Terminate it first (\`conductor execution terminate ${id}\`), then ${op}; or wait for it to end.`
        : undefined
    case 'terminate':
      return `\`conductor execution delete ${id}\` removes it.`
    case 'skip-task':
      return paused
        ? `Resume it first (\`conductor execution resume ${id}\`).`
        : `It has ended; use rerun --from-task REF to go back to a task.`
    default:
      return undefined
  }
}

export function explainRefusal(op: Operation, refusal: Refusal, ctx: RefusalContext): Explanation | undefined {
  const said = refusal.serverMessage ?? ''
  if (refusal.status === 404 && /No such workflow found by id/i.test(said))
    return {
      kind: 'notFound',
      message: `no execution with id ${ctx.id}`,
      hint: 'Check the id; the execution may have been deleted.',
    }

  // Messages that say more than the status does.
  if (op === 'retry' && /no retryable tasks/i.test(said))
    return {
      kind: 'conflict',
      message: `nothing to retry in ${ctx.id}: no task failed or was cancelled`,
      hint: `Use \`conductor execution restart ${ctx.id}\` to run it again from the start, or rerun --from-task REF to go back to a task.`,
    }
  if (op === 'restart' && /non-restartable/i.test(said))
    return {
      kind: 'conflict',
      message: `${ctx.id} cannot be restarted: its definition sets restartable=false and it COMPLETED`,
      hint: 'Start a new execution with `conductor run NAME` instead.',
    }
  if (op === 'rerun' && refusal.status === 400 && /Task .* not found/i.test(said))
    return {
      kind: 'notFound',
      message: `no task ${ctx.ref ?? ''} in execution ${ctx.id}`.replace('  ', ' '),
      hint: `\`conductor execution get ${ctx.id}\` lists its tasks (ref and id).`,
    }
  if (op === 'skip-task' && /does not exist in the WorkflowDefinition/i.test(said))
    return {
      kind: 'notFound',
      message: `the definition of ${ctx.id} has no task with reference '${ctx.ref ?? ''}'`,
      hint: `\`conductor execution get ${ctx.id}\` shows the refs it has run; the workflow definition lists all of them.`,
    }
  if (op === 'skip-task' && /already been processed/i.test(said))
    return {
      kind: 'conflict',
      message: `task '${ctx.ref ?? ''}' of ${ctx.id} has already been scheduled or run; skip-task only skips a task the workflow has not reached yet`,
      hint: `For a pending task use \`conductor task complete ${ctx.id} ${ctx.ref ?? 'REF'}\`; to go back to a task after the workflow ends, rerun --from-task.`,
    }
  if (op === 'delete' && /Cannot archive/i.test(said))
    return {
      kind: 'conflict',
      message: `${ctx.id} is ${ctx.current ?? 'still running'}: only an ended workflow can be archived`,
      hint: 'Terminate it first, or delete it without --archive (removes it even while running).',
    }

  // The status explains it: the operation does not fit the state the workflow is in.
  const fits = APPLIES_TO[op]
  if (ctx.current && !fits.statuses.includes(ctx.current)) {
    const hint = alternative(op, ctx.current, ctx.id)
    if (op === 'terminate')
      return {kind: 'conflict', message: `${ctx.id} already COMPLETED; there is nothing to terminate`, hint}
    const state = ctx.current === 'COMPLETED' ? 'this one COMPLETED' : `this one is ${ctx.current}`
    return {kind: 'conflict', message: `${op} only applies to ${fits.words}; ${state}`, hint}
  }
  return undefined
}

/** Rewrites an ApiError from a refused operation into a CliError in the user's words (others pass through). */
export function explainError(op: Operation, error: unknown, ctx: RefusalContext): unknown {
  if (!(error instanceof ApiError) || error.status < 400) return error
  const explained = explainRefusal(op, {status: error.status, serverMessage: error.serverMessage}, ctx)
  if (!explained) return error
  return new CliError(explained.kind, explained.message, {
    hint: explained.hint,
    cause: error,
    details: {status: error.status, serverMessage: error.serverMessage, workflowStatus: ctx.current},
  })
}

/** Whether reading the current status could explain this error (not for "no such workflow"). */
export function worthAskingStatus(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    !(error.status === 404 && /No such workflow found by id/i.test(error.serverMessage ?? ''))
  )
}

/**
 * POST /api/tasks/{wf}/{ref}/{status} answers an empty 200 when no pending task has that ref.
 * Says why from the execution: no such ref yet, already finished, or the workflow has ended.
 */
export function explainNoPendingTask(workflow: Workflow, ref: string): CliError {
  const id = workflow.workflowId
  const tasks = (workflow.tasks ?? []).filter((t) => t.referenceTaskName === ref)
  const latest = tasks.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)).at(-1)
  const pending = (workflow.tasks ?? [])
    .filter((t) => ['SCHEDULED', 'IN_PROGRESS'].includes(t.status))
    .map((t) => t.referenceTaskName)
  const hint =
    pending.length > 0
      ? `Pending tasks now: ${pending.join(', ')}.`
      : `\`conductor execution get ${id}\` shows its tasks.`
  let why: string
  if (latest) why = `task '${ref}' is already ${latest.status}`
  else if (ENDED.includes(workflow.status)) why = `the workflow is ${workflow.status} and never reached a task '${ref}'`
  else why = `no task '${ref}' has been scheduled (the workflow has not reached it, or the ref is misspelt)`
  return new CliError('notFound', `no pending task '${ref}' in ${id}: ${why}`, {
    hint,
    details: {workflowStatus: workflow.status},
  })
}
