import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {defaultedDurationFlag, durationFlag} from '../../lib/command/flags.js'
import type {WorkerSummary} from '../../lib/worker/loop.js'

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
    const {execWorker, pollingLine, interrupt, execEnding} = await import('../../lib/worker/exec.js')
    const f = this.flags
    const ask = {
      taskType: this.args.taskType,
      words: this.commandWords,
      concurrency: f.concurrency,
      count: f.count,
      taskTimeoutMs: f['task-timeout'],
      pollTimeoutMs: f['poll-timeout'],
      domain: f.domain,
      workerId: f['worker-id'],
      passEnv: f['pass-env'],
    }
    const {worker, workerId} = await execWorker(() => this.client(), ask, {
      log: (line) => this.note(line),
      stderrLine: f['echo-stderr'] ? (task, line) => this.logToStderr(`${task.referenceTaskName}| ${line}`) : undefined,
    })
    this.note(pollingLine(ask, workerId))
    let interrupted = false
    const onInterrupt = () => {
      this.note(interrupt(worker, !interrupted))
      interrupted = true
    }
    const onTerminate = () => worker.stop()
    // main.ts exits at once on SIGINT unless a command listens itself: a worker first finishes what it has taken from the queue.
    process.on('SIGINT', onInterrupt)
    process.on('SIGTERM', onTerminate)
    const summary = await worker.run().finally(() => {
      process.off('SIGINT', onInterrupt)
      process.off('SIGTERM', onTerminate)
    })
    const {line, error} = execEnding(summary, interrupted)
    this.note(line)
    if (error) throw error
    return summary
  }
}
