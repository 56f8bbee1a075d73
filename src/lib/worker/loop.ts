import type {ConductorClient} from '../client/client.js'
import {pollTasks, type PolledTask} from './poll.js'
import {clip, outcomeOf, type TaskOutcome} from './result.js'
import {MAX_LOG_LINES, runCommand, type CommandSpec} from './run-command.js'
import {refused, transient, updateTask, type TaskResult, type UpdateOptions} from './update.js'

export interface WorkerOptions {
  taskType: string
  workerId: string
  domain?: string | undefined
  command: CommandSpec
  /** CONDUCTOR_AUTH_* variables to pass to the command anyway (they are removed by default). */
  passEnv?: readonly string[] | undefined
  /** Tasks run at once. */
  concurrency: number
  /** Stop after this many tasks. */
  count?: number | undefined
  /** Kill a task's command after this long; default: the task's responseTimeoutSeconds. */
  taskTimeoutMs?: number | undefined
  killGraceMs?: number | undefined
  pollTimeoutMs: number
  /** One line per task, and notes (poll failures). */
  log: (line: string) => void
  onStderrLine?: ((task: PolledTask, line: string) => void) | undefined
  update?: UpdateOptions | undefined
  sleep?: ((ms: number, wake: Promise<void>) => Promise<void>) | undefined
}

export interface TaskReport {
  taskId: string
  ref: string
  workflowId: string
  status: TaskOutcome['status']
  durationMs: number
  reason?: string | undefined
  /** false when the result could not be sent to the server. */
  updated: boolean
}

export interface WorkerSummary {
  taskType: string
  workerId: string
  tasks: number
  completed: number
  failed: number
  inProgress: number
  updateErrors: number
  /** Why the loop ended: the --count was reached, or stop() was called. */
  stoppedBy: 'count' | 'stop'
}

const POLL_BACKOFF_MS = [1000, 2000, 5000, 10_000, 30_000]

/**
 * The stdio worker: polls the task type, runs the command for each task (up to `concurrency` at
 * once), and sends each result back. stop() ends polling and lets the tasks in flight finish;
 * kill() also kills their commands.
 */
export class Worker {
  private stopping = false
  private wake: () => void = () => {}
  private wakeUp: Promise<void>
  private readonly killer = new AbortController()
  private readonly inFlight = new Set<Promise<void>>()
  private readonly reports: TaskReport[] = []
  private started = 0
  private polling = false

  constructor(
    private readonly client: ConductorClient,
    private readonly options: WorkerOptions,
  ) {
    this.wakeUp = new Promise((resolve) => (this.wake = resolve))
  }

  /** Stop polling; tasks in flight finish and are reported. */
  stop(): void {
    this.stopping = true
    this.wake()
  }

  /** Stop polling and kill the commands in flight (their tasks fail). */
  kill(): void {
    this.stop()
    this.killer.abort()
  }

  get inFlightCount(): number {
    return this.inFlight.size
  }

  /** A poll is waiting for its answer: the tasks it brings are already ours, and will run. */
  get pollInFlight(): boolean {
    return this.polling
  }

  async run(): Promise<WorkerSummary> {
    const {count, concurrency} = this.options
    let fatal: unknown
    let failures = 0
    while (!this.stopping && (count === undefined || this.started < count)) {
      const free = concurrency - this.inFlight.size
      if (free <= 0) {
        await Promise.race([...this.inFlight, this.wakeUp])
        continue
      }
      const want = count === undefined ? free : Math.min(free, count - this.started)
      let tasks: PolledTask[]
      try {
        tasks = await this.poll(want)
        failures = 0
      } catch (error) {
        if (!transient(error)) {
          fatal = error
          break
        }
        const delay = POLL_BACKOFF_MS[Math.min(failures++, POLL_BACKOFF_MS.length - 1)] as number
        this.options.log(`poll failed: ${(error as Error).message}; trying again in ${delay / 1000}s`)
        await this.sleep(delay)
        continue
      }
      // Polled tasks are ours (acked) even when stopping: run them.
      if (this.stopping && tasks.length > 0)
        this.options.log(`The last poll brought ${tasks.length} task(s): running them before exiting`)
      for (const task of tasks) this.dispatch(task)
    }
    await Promise.all(this.inFlight)
    if (fatal) throw fatal
    return this.summary(this.stopping ? 'stop' : 'count')
  }

  /** Polls once, with pollInFlight true until the answer (or failure) is in. */
  private async poll(want: number): Promise<PolledTask[]> {
    this.polling = true
    try {
      return await this.pollOnce(want)
    } finally {
      this.polling = false
    }
  }

  /**
   * One batch when several slots are free and tasks are waiting; otherwise a long poll for one task,
   * which the server answers as soon as it is queued (a batch long poll waits for all `count`).
   */
  private async pollOnce(want: number): Promise<PolledTask[]> {
    const base = {taskType: this.options.taskType, workerId: this.options.workerId, domain: this.options.domain}
    if (want > 1) {
      const ready = await pollTasks(this.client, {...base, count: want, timeoutMs: 0})
      if (ready.length > 0 || this.stopping) return ready
    }
    return pollTasks(this.client, {...base, count: 1, timeoutMs: this.options.pollTimeoutMs})
  }

  private dispatch(task: PolledTask): void {
    this.started++
    const job: Promise<void> = this.handle(task).finally(() => this.inFlight.delete(job))
    this.inFlight.add(job)
  }

  private async handle(task: PolledTask): Promise<void> {
    const {options} = this
    const responseTimeoutMs =
      (task.responseTimeoutSeconds ?? 0) > 0 ? (task.responseTimeoutSeconds as number) * 1000 : undefined
    const run = await runCommand(options.command, {
      stdin: JSON.stringify(task.inputData),
      env: taskEnv(task, process.env, options.passEnv),
      timeoutMs: options.taskTimeoutMs ?? responseTimeoutMs,
      killGraceMs: options.killGraceMs,
      signal: this.killer.signal,
      onStderrLine: options.onStderrLine ? (line) => options.onStderrLine?.(task, line) : undefined,
    })
    const outcome = outcomeOf(run)
    const now = Date.now()
    const lines = [...run.stderrLines, ...outcome.logs].slice(0, MAX_LOG_LINES)
    const dropped = run.droppedLines + run.stderrLines.length + outcome.logs.length - lines.length
    if (dropped > 0) lines.push(`(${dropped} more log lines not kept)`)
    let result: TaskResult = {
      workflowInstanceId: task.workflowInstanceId,
      taskId: task.taskId,
      status: outcome.status,
      outputData: outcome.output,
      workerId: options.workerId,
      logs: lines.map((log) => ({log, createdTime: now})),
      ...(outcome.reason === undefined ? {} : {reasonForIncompletion: outcome.reason}),
      ...(outcome.callbackAfterSeconds === undefined ? {} : {callbackAfterSeconds: outcome.callbackAfterSeconds}),
    }
    let sent = await this.send(task, result)
    if (sent !== true && refused(sent)) {
      // The output itself is what the server refuses (e.g. too large): fail the task and say why,
      // rather than leave it IN_PROGRESS until its timeout. Terminal, as the server does for an oversized output.
      const size = (Buffer.byteLength(JSON.stringify(result.outputData)) / 1e6).toFixed(1)
      const failure: TaskResult = {
        ...result,
        status: 'FAILED_WITH_TERMINAL_ERROR',
        outputData: {},
        reasonForIncompletion: clip(
          `the server refused the task's output (${size} MB) as ${outcome.status}: HTTP ${sent.status}${sent.serverMessage ? `: ${sent.serverMessage}` : ''}`,
        ),
      }
      options.log(`task ${task.taskId} ${task.referenceTaskName}: ${failure.reasonForIncompletion}`)
      result = failure
      sent = await this.send(task, failure)
    }
    const updated = sent === true
    if (sent !== true)
      options.log(
        `task ${task.taskId} ${task.referenceTaskName}: the result (${result.status}) could not be sent: ${sent.message}`,
      )
    const report: TaskReport = {
      taskId: task.taskId,
      ref: task.referenceTaskName,
      workflowId: task.workflowInstanceId,
      status: result.status,
      durationMs: run.durationMs,
      reason: result.reasonForIncompletion,
      updated,
    }
    this.reports.push(report)
    options.log(taskLine(report))
  }

  /** Sends a result (with retries while the server is unreachable); true, or the error that stopped it. */
  private async send(task: PolledTask, result: TaskResult): Promise<true | Error> {
    try {
      await updateTask(this.client, result, {
        onRetry: (attempt, delay, error) =>
          this.options.log(
            `task ${task.taskId} ${task.referenceTaskName}: sending the result failed (${error.message}); attempt ${attempt + 1} in ${delay / 1000}s`,
          ),
        ...this.options.update,
      })
      return true
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error))
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.options.sleep) return this.options.sleep(ms, this.wakeUp)
    let timer: NodeJS.Timeout | undefined
    return Promise.race([new Promise<void>((r) => (timer = setTimeout(r, ms))), this.wakeUp]).finally(() =>
      clearTimeout(timer),
    )
  }

  private summary(stoppedBy: WorkerSummary['stoppedBy']): WorkerSummary {
    const by = (status: string) => this.reports.filter((r) => r.status === status).length
    return {
      taskType: this.options.taskType,
      workerId: this.options.workerId,
      tasks: this.reports.length,
      completed: by('COMPLETED'),
      failed: by('FAILED') + by('FAILED_WITH_TERMINAL_ERROR'),
      inProgress: by('IN_PROGRESS'),
      updateErrors: this.reports.filter((r) => !r.updated).length,
      stoppedBy,
    }
  }
}

/** Our credentials: the command's stderr becomes the task log, so they stay out of its environment. */
const CREDENTIALS = /^CONDUCTOR_AUTH_/i

/**
 * The environment of a task's command: ours without our credentials (CONDUCTOR_AUTH_*, unless
 * named in `pass`), plus what identifies the task.
 */
export function taskEnv(
  task: PolledTask,
  base: NodeJS.ProcessEnv = process.env,
  pass: readonly string[] = [],
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(base))
    if (v !== undefined && (!CREDENTIALS.test(k) || pass.includes(k))) env[k] = v
  return {
    ...env,
    TASK_TYPE: task.taskType,
    TASK_ID: task.taskId,
    WORKFLOW_ID: task.workflowInstanceId,
    TASK_REF: task.referenceTaskName,
    TASK_RETRY_COUNT: String(task.retryCount ?? 0),
  }
}

/** `task <id> <ref>: COMPLETED in 120 ms`, with the reason of a failure. */
export function taskLine(report: TaskReport): string {
  const oneLine = report.reason?.trim().replace(/\s*\n\s*/g, ' | ') ?? ''
  const reason = oneLine ? `: ${oneLine.length > 300 ? oneLine.slice(0, 299) + '…' : oneLine}` : ''
  const unsent = report.updated ? '' : ' (result NOT sent)'
  return `task ${report.taskId} ${report.ref}: ${report.status} in ${report.durationMs} ms${reason}${unsent}`
}
