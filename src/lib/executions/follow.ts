import {isTransient} from '../client/api-error.js'
import type {ConductorClient} from '../client/client.js'
import type {Json} from '../client/types.js'
import {formatDuration} from '../duration.js'
import {CliError, EXIT_CODES, type ExitKind} from '../errors.js'
import {getWorkflow} from './service.js'
import {isTerminal, type Workflow} from './types.js'
import type {Spinner} from '../output/streams.js'

/** How a followed execution ended, as an exit kind: FAILED 10, TERMINATED 11, TIMED_OUT 12, anything else 13. */
const OUTCOME_KINDS: Record<string, ExitKind> = {
  COMPLETED: 'ok',
  FAILED: 'workflowFailed',
  TERMINATED: 'workflowTerminated',
  TIMED_OUT: 'workflowTimedOut',
}

export const OUTCOME_TABLE = [
  'Exit codes when waiting:',
  '  0   COMPLETED',
  '  10  FAILED',
  '  11  TERMINATED',
  '  12  TIMED_OUT',
  '  13  still RUNNING (or PAUSED) when the wait ended',
  '  other codes: the CLI could not do its part (see the README: usage 2, not found 4, server 6, network 7, ...)',
].join('\n')

export function outcomeKind(status: string): ExitKind {
  return OUTCOME_KINDS[status] ?? 'stillRunning'
}

export function outcomeExitCode(status: string): number {
  return EXIT_CODES[outcomeKind(status)]
}

/**
 * The ending a command throws when the execution it followed did not complete: quiet, since the
 * status line was printed, and carrying the outcome so --json prints it beside the error.
 */
export function outcomeEnding(outcome: Outcome): CliError | undefined {
  const kind = outcomeKind(outcome.status)
  if (kind === 'ok') return undefined
  return new CliError(kind, `${outcome.workflowId} is ${outcome.status}`, {result: outcome, quiet: true})
}

/** 500 ms (or `first`), growing by half each poll, to at most 2 s (or `max`). */
export function nextInterval(previous: number | undefined, first = 500, max = 2000): number {
  return previous === undefined ? first : Math.min(max, Math.round(previous * 1.5))
}

/**
 * The schedule of `run --wait`: most workflows started from a terminal end within a second or two,
 * and the time between their end and our exit is what a script waits for, so look often at first.
 */
export const RUN_WAIT_INTERVALS = {firstIntervalMs: 100, maxIntervalMs: 1000} as const

export interface FollowOptions {
  /** How long to wait in total, in ms. */
  timeoutMs: number
  onUpdate?: (workflow: Workflow) => void
  /** A status poll failed in a way that may pass (network, 429, 5xx); following goes on until the deadline. */
  onPollFailure?: (error: Error, failures: number) => void
  /** Polls answer again after `failures` failed ones. */
  onRecovered?: (failures: number) => void
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  /** First wait between polls (default 500 ms); each wait is half as long again, up to maxIntervalMs (default 2 s). */
  firstIntervalMs?: number | undefined
  maxIntervalMs?: number | undefined
}

export interface Outcome {
  workflowId: string
  workflowName?: string | undefined
  status: string
  /** false when the wait ended before the execution did */
  finished: boolean
  exitCode: number
  durationMs?: number | undefined
  reasonForIncompletion?: string | undefined
  failedTasks?: string[] | undefined
  output: Json
}

/** Polls the execution until it ends or the time is up. */
export async function follow(client: ConductorClient, id: string, options: FollowOptions): Promise<Workflow> {
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const deadline = now() + options.timeoutMs
  let interval: number | undefined
  let failures = 0
  for (;;) {
    let workflow: Workflow
    try {
      workflow = await getWorkflow(client, id, true)
    } catch (error) {
      // the execution runs on the server whatever our network does: a failed look is not an outcome
      if (!isTransient(error) || deadline - now() <= 0) throw error
      options.onPollFailure?.(error as Error, ++failures)
      interval = nextInterval(interval, options.firstIntervalMs, options.maxIntervalMs)
      await sleep(Math.min(interval, deadline - now()))
      continue
    }
    if (failures > 0) options.onRecovered?.(failures)
    failures = 0
    options.onUpdate?.(workflow)
    const left = deadline - now()
    if (isTerminal(workflow.status) || left <= 0) return workflow
    interval = nextInterval(interval, options.firstIntervalMs, options.maxIntervalMs)
    await sleep(Math.min(interval, left))
  }
}

export function outcomeOf(workflow: Workflow): Outcome {
  const finished = isTerminal(workflow.status)
  const failedTasks = (workflow.tasks ?? [])
    .filter((t) => ['FAILED', 'FAILED_WITH_TERMINAL_ERROR', 'TIMED_OUT'].includes(t.status))
    .map((t) => t.referenceTaskName)
  return {
    workflowId: workflow.workflowId,
    workflowName: workflow.workflowName,
    status: workflow.status,
    finished,
    exitCode: outcomeExitCode(workflow.status),
    durationMs: workflow.startTime ? (workflow.endTime || Date.now()) - workflow.startTime : undefined,
    reasonForIncompletion: workflow.reasonForIncompletion,
    ...(failedTasks.length > 0 ? {failedTasks: [...new Set(failedTasks)]} : {}),
    output: workflow.output ?? {},
  }
}

/** Spinner text: status and the tasks in flight. */
export function progressText(workflow: Workflow): string {
  const active = (workflow.tasks ?? [])
    .filter((t) => t.status === 'IN_PROGRESS' || t.status === 'SCHEDULED')
    .map((t) => t.referenceTaskName)
  const name = workflow.workflowName ?? workflow.workflowId
  return `${name} ${workflow.status}${active.length > 0 ? ` · running: ${active.join(', ')}` : ''}`
}

/** One line for stderr when the wait ends. */
export function outcomeLine(outcome: Outcome, waitedMs?: number): string {
  const took = outcome.durationMs === undefined ? '' : ` in ${formatDuration(outcome.durationMs)}`
  if (!outcome.finished) {
    const waited = waitedMs === undefined ? '' : ` after waiting ${formatDuration(waitedMs)}`
    return `${outcome.workflowName ?? 'workflow'} ${outcome.workflowId} is still ${outcome.status}${waited}; follow it with \`conductor execution watch ${outcome.workflowId}\``
  }
  const reason = outcome.reasonForIncompletion ? `: ${outcome.reasonForIncompletion}` : ''
  return `${outcome.workflowName ?? 'workflow'} ${outcome.status}${took} (${outcome.workflowId})${reason}`
}

/** Follows with a progress display (a spinner from the command); ends it with the outcome line. */
export async function followWithProgress(
  client: ConductorClient,
  id: string,
  timeoutMs: number,
  progress: Spinner,
  schedule: Pick<FollowOptions, 'firstIntervalMs' | 'maxIntervalMs'> = {},
): Promise<Outcome> {
  let outcome: Outcome
  try {
    outcome = outcomeOf(
      await follow(client, id, {
        timeoutMs,
        ...schedule,
        onUpdate: (workflow) => progress.update(progressText(workflow)),
        onPollFailure: (error, failures) => {
          // once, then every tenth failure: enough to see an outage without a line per poll
          if (failures === 1 || failures % 10 === 0)
            progress.note?.(`status poll failed (${failures}×): ${error.message}; still following until the deadline`)
        },
        onRecovered: (failures) => progress.note?.(`status polls answer again after ${failures} failure(s)`),
      }),
    )
  } catch (error) {
    progress.stop()
    throw error
  }
  if (outcome.exitCode === 0) progress.succeed(outcomeLine(outcome))
  else progress.fail(outcomeLine(outcome, timeoutMs))
  return outcome
}
