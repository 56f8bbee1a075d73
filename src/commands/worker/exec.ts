import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'
import {defaultedDurationFlag, durationFlag} from '../../lib/command/flags.js'
import type {WorkerSummary} from '../../lib/worker/loop.js'
import {MAX_POLL_TIMEOUT_MS} from '../../lib/worker/poll.js'

export default class WorkerExec extends BaseCommand<typeof WorkerExec> {
  static override summary = 'Run a command for each task of a type: a worker in any language, over stdin and stdout.'
  static override description = [
    'Polls TASK_TYPE and runs the command given after `--` once per task, without a shell (arguments are passed as they are).',
    'The command reads the task input as JSON on stdin and gets TASK_TYPE, TASK_ID, WORKFLOW_ID, TASK_REF and TASK_RETRY_COUNT',
    "in its environment, without the worker's credentials (CONDUCTOR_AUTH_*; --pass-env NAME passes one). What it prints on",
    'stdout is the result:',
    '  {"status": "COMPLETED"|"FAILED"|"FAILED_WITH_TERMINAL_ERROR"|"IN_PROGRESS", "output": {...}, "logs": ["..."],',
    '   "reason": "...", "callbackAfterSeconds": N}   (an object with only these keys; status defaults to COMPLETED)',
    '  any other JSON object: the output, status COMPLETED;  other JSON or text: the output {"result": ...}.',
    'A non-zero exit fails the task (FAILED, retried per its definition) with the end of stderr as the reason; stderr lines',
    "are also kept as the task's log. A command that runs longer than --task-timeout (default: the task's",
    'responseTimeoutSeconds) is stopped (SIGTERM, then SIGKILL) and the task fails.',
    '',
    'One line per task goes to stderr (`task <id> <ref>: COMPLETED in 120 ms`). Ctrl-C (or SIGTERM) stops polling and lets',
    'the tasks in flight finish, then exits 130 (0 for SIGTERM); a second Ctrl-C kills them. --count N exits after N tasks.',
    "While the server cannot be reached it keeps polling, 1 to 30 s apart. Exit 1 when a task's result could not be sent to the",
    'server (after retries for about 30 s); such a task is retried by the server after its responseTimeoutSeconds.',
  ].join('\n')
  static override usage =
    'worker exec TASK_TYPE [--concurrency N] [--count N] [--task-timeout DURATION] [--domain D] -- COMMAND [ARGS...]'
  static override examples = [
    '<%= config.bin %> worker exec greet -- node examples/greetings/greet.mjs',
    '<%= config.bin %> worker exec resize_image --concurrency 4 --task-timeout 2m -- python3 resize.py --quality 80',
    '<%= config.bin %> worker exec nightly_report --count 1 -- ./report.sh',
  ]
  static override args = {
    taskType: Args.string({description: 'Task type (the task definition name) to poll.', required: true}),
  }
  static override flags = {
    concurrency: Flags.integer({char: 'c', summary: 'Tasks to run at once.', min: 1, max: 1000, default: 1}),
    count: Flags.integer({char: 'n', summary: 'Exit after this many tasks.', min: 1}),
    'task-timeout': durationFlag({
      summary: "Kill a task's command after DURATION and fail the task (default: the task's responseTimeoutSeconds).",
    }),
    domain: Flags.string({summary: 'Poll the tasks of this domain (taskToDomain).'}),
    'worker-id': Flags.string({summary: 'Worker id recorded on each task (default: <hostname>-<pid>).'}),
    'poll-timeout': defaultedDurationFlag({summary: 'Long-poll wait per request, at most 5s.', default: '2s'}),
    'pass-env': Flags.string({
      summary: 'Pass this CONDUCTOR_AUTH_* variable to the command (removed by default; repeatable).',
      multiple: true,
      helpValue: 'NAME',
    }),
    'echo-stderr': Flags.boolean({
      summary: "Also copy each command's stderr to this stderr, prefixed with the task ref.",
    }),
  }

  /** The command to run: every word after the first `--`, kept out of oclif's parsing. */
  private commandWords: string[] = []

  public override async init(): Promise<void> {
    const separator = this.argv.indexOf('--')
    if (separator !== -1) {
      this.commandWords = this.argv.slice(separator + 1)
      this.argv = this.argv.slice(0, separator)
    }
    await super.init()
  }

  async run(): Promise<WorkerSummary> {
    const [program, ...programArgs] = this.commandWords
    if (program === undefined || program === '')
      throw new CliError('usage', 'Missing the command to run for each task', {
        hint: `Put it after --, e.g. \`conductor worker exec ${this.args.taskType} -- node worker.mjs\`.`,
      })
    const taskTimeoutMs = this.flags['task-timeout']
    const pollTimeoutMs = this.flags['poll-timeout']
    if (taskTimeoutMs !== undefined && taskTimeoutMs <= 0)
      throw new CliError('usage', '--task-timeout must be more than 0')
    if (pollTimeoutMs > MAX_POLL_TIMEOUT_MS)
      throw new CliError(
        'usage',
        `--poll-timeout ${pollTimeoutMs / 1000}s: at most 5s (the server refuses longer polls)`,
      )

    const {findExecutable} = await import('../../lib/worker/run-command.js')
    if (!(await findExecutable(program)))
      throw new CliError(
        'usage',
        `Cannot run ${program}: ${program.includes('/') ? 'no such executable file' : 'not found on PATH'}`,
        {
          hint: 'Give the path of an executable, or a program on PATH (e.g. `-- node worker.mjs`). The command is not run through a shell.',
        },
      )

    const [{Worker}, {hostname}] = await Promise.all([import('../../lib/worker/loop.js'), import('node:os')])
    const workerId = this.flags['worker-id'] ?? `${hostname()}-${process.pid}`
    const worker = new Worker(await this.client(), {
      taskType: this.args.taskType,
      workerId,
      domain: this.flags.domain,
      command: {command: program, args: programArgs},
      passEnv: this.flags['pass-env'],
      concurrency: this.flags.concurrency,
      count: this.flags.count,
      taskTimeoutMs,
      pollTimeoutMs,
      log: (line) => this.note(line),
      onStderrLine: this.flags['echo-stderr']
        ? (task, line) => this.logToStderr(`${task.referenceTaskName}| ${line}`)
        : undefined,
    })
    const at = this.flags.concurrency === 1 ? '1 at a time' : `up to ${this.flags.concurrency} at a time`
    const limit = this.flags.count === undefined ? '' : `, ${this.flags.count} task${this.flags.count === 1 ? '' : 's'}`
    this.note(
      `Polling ${this.args.taskType}${this.flags.domain ? ` (domain ${this.flags.domain})` : ''} as ${workerId}, ${at}${limit}; Ctrl-C stops after the tasks in flight`,
    )

    let interrupted = false
    const onInterrupt = () => {
      if (!interrupted) {
        interrupted = true
        const waits = [
          worker.inFlightCount > 0 ? `${worker.inFlightCount} task(s) in flight` : '',
          worker.pollInFlight ? 'the poll in flight' : '',
        ].filter(Boolean)
        this.note(
          `Stopping: no more polling${waits.length > 0 ? `; waiting for ${waits.join(' and ')} (Ctrl-C again to kill them)` : ''}`,
        )
        worker.stop()
      } else {
        this.note('Killing the tasks in flight')
        worker.kill()
      }
    }
    const onTerminate = () => worker.stop()
    // main.ts exits at once on SIGINT unless a command listens itself: a worker first finishes what it has taken from the queue.
    process.on('SIGINT', onInterrupt)
    process.on('SIGTERM', onTerminate)
    let summary: WorkerSummary
    try {
      summary = await worker.run()
    } finally {
      process.off('SIGINT', onInterrupt)
      process.off('SIGTERM', onTerminate)
    }
    this.note(
      `${summary.tasks} task(s): ${summary.completed} completed, ${summary.failed} failed${summary.inProgress ? `, ${summary.inProgress} in progress` : ''}`,
    )
    if (summary.updateErrors > 0)
      throw new CliError('partial', `${summary.updateErrors} task result(s) could not be sent to the server`, {
        hint: 'Those tasks stay IN_PROGRESS until their responseTimeoutSeconds, then the server retries them.',
        result: summary,
      })
    if (interrupted)
      throw new CliError('interrupted', 'Interrupted; the tasks in flight were finished', {
        result: summary,
        quiet: true,
      })
    return summary
  }
}
