import type {ConductorClient} from '../client/client.js'
import {CliError} from '../errors.js'
import type {PolledTask} from './poll.js'
import {MAX_POLL_TIMEOUT_MS} from './poll.js'
import type {Worker, WorkerOptions, WorkerSummary} from './loop.js'

/** What `worker exec` was asked, as its flags give it. */
export interface ExecAsk {
  taskType: string
  /** The command and its arguments (every word after `--`). */
  words: string[]
  concurrency: number
  count?: number | undefined
  taskTimeoutMs?: number | undefined
  pollTimeoutMs: number
  domain?: string | undefined
  workerId?: string | undefined
  passEnv?: string[] | undefined
}

export interface ExecHooks {
  /** One line per task, and the worker's notes. */
  log(line: string): void
  /** A line the command wrote on its stderr (only when asked for). */
  stderrLine?: ((task: PolledTask, line: string) => void) | undefined
}

/** Checks the command and the timeouts (before connecting), then builds the worker, not started. */
export async function execWorker(
  connect: () => Promise<ConductorClient>,
  ask: ExecAsk,
  hooks: ExecHooks,
): Promise<{worker: Worker; workerId: string}> {
  const [program, ...args] = ask.words
  if (program === undefined || program === '')
    throw new CliError('usage', 'Missing the command to run for each task', {
      hint: `Put it after --, e.g. \`conductor worker exec ${ask.taskType} -- node worker.mjs\`.`,
    })
  if (ask.taskTimeoutMs !== undefined && ask.taskTimeoutMs <= 0)
    throw new CliError('usage', '--task-timeout must be more than 0')
  if (ask.pollTimeoutMs > MAX_POLL_TIMEOUT_MS)
    throw new CliError(
      'usage',
      `--poll-timeout ${ask.pollTimeoutMs / 1000}s: at most 5s (the server refuses longer polls)`,
    )
  const {findExecutable} = await import('./run-command.js')
  if (!(await findExecutable(program)))
    throw new CliError(
      'usage',
      `Cannot run ${program}: ${program.includes('/') ? 'no such executable file' : 'not found on PATH'}`,
      {
        hint: 'Give the path of an executable, or a program on PATH (e.g. `-- node worker.mjs`). The command is not run through a shell.',
      },
    )
  const [{Worker}, {hostname}] = await Promise.all([import('./loop.js'), import('node:os')])
  const options: WorkerOptions = {
    taskType: ask.taskType,
    workerId: ask.workerId ?? `${hostname()}-${process.pid}`,
    domain: ask.domain,
    command: {command: program, args},
    passEnv: ask.passEnv,
    concurrency: ask.concurrency,
    count: ask.count,
    taskTimeoutMs: ask.taskTimeoutMs,
    pollTimeoutMs: ask.pollTimeoutMs,
    log: hooks.log,
    onStderrLine: hooks.stderrLine,
  }
  return {worker: new Worker(await connect(), options), workerId: options.workerId}
}

/** The line said when polling starts. */
export function pollingLine(ask: ExecAsk, workerId: string): string {
  const at = ask.concurrency === 1 ? '1 at a time' : `up to ${ask.concurrency} at a time`
  const limit = ask.count === undefined ? '' : `, ${ask.count} task${ask.count === 1 ? '' : 's'}`
  const domain = ask.domain ? ` (domain ${ask.domain})` : ''
  return `Polling ${ask.taskType}${domain} as ${workerId}, ${at}${limit}; Ctrl-C stops after the tasks in flight`
}

/**
 * Ctrl-C: the first stops polling and lets the tasks in flight finish, the second kills them.
 * Returns what to tell the person.
 */
export function interrupt(worker: Worker, first: boolean): string {
  if (!first) {
    worker.kill()
    return 'Killing the tasks in flight'
  }
  const waits = [
    worker.inFlightCount > 0 ? `${worker.inFlightCount} task(s) in flight` : '',
    worker.pollInFlight ? 'the poll in flight' : '',
  ].filter(Boolean)
  worker.stop()
  const waiting = waits.length > 0 ? `; waiting for ${waits.join(' and ')} (Ctrl-C again to kill them)` : ''
  return `Stopping: no more polling${waiting}`
}

/** The closing line, and the error the run ends with (results not sent, or interrupted), if any. */
export function execEnding(summary: WorkerSummary, interrupted: boolean): {line: string; error?: CliError} {
  const progress = summary.inProgress ? `, ${summary.inProgress} in progress` : ''
  const line = `${summary.tasks} task(s): ${summary.completed} completed, ${summary.failed} failed${progress}`
  if (summary.updateErrors > 0)
    return {
      line,
      error: new CliError('partial', `${summary.updateErrors} task result(s) could not be sent to the server`, {
        hint: 'Those tasks stay IN_PROGRESS until their responseTimeoutSeconds, then the server retries them.',
        result: summary,
      }),
    }
  if (interrupted)
    return {
      line,
      error: new CliError('interrupted', 'Interrupted; the tasks in flight were finished', {
        result: summary,
        quiet: true,
      }),
    }
  return {line}
}
