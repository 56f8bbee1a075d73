import {spawn} from 'node:child_process'
import type {ChildExit} from './result.js'

export interface CommandSpec {
  /** The program and its arguments, exactly as given: never passed through a shell. */
  command: string
  args: readonly string[]
}

export interface RunOptions {
  /** Written to the child's stdin (the task input as JSON). */
  stdin: string
  env: Record<string, string>
  timeoutMs?: number | undefined
  /** Between SIGTERM and SIGKILL. */
  killGraceMs?: number | undefined
  /** Aborting kills the child (a second Ctrl-C). */
  signal?: AbortSignal | undefined
  /** Each complete stderr line, as it comes. */
  onStderrLine?: ((line: string) => void) | undefined
  maxStdoutBytes?: number | undefined
}

export interface CommandRun extends ChildExit {
  durationMs: number
  /** stderr lines, at most MAX_LOG_LINES of at most MAX_LOG_LINE characters; `dropped` counts the rest. */
  stderrLines: string[]
  droppedLines: number
}

export const MAX_LOG_LINES = 200
export const MAX_LOG_LINE = 2000
const TAIL_LINES = 20
const MAX_STDOUT = 32 * 1024 * 1024

/**
 * Runs one task's command: input JSON on stdin, output read from stdout, stderr kept as log lines.
 * The child gets its own process group, so a Ctrl-C in the terminal does not reach it (tasks in
 * flight finish) and a timeout can kill whatever it started too.
 */
export function runCommand(spec: CommandSpec, options: RunOptions): Promise<CommandRun> {
  const started = performance.now()
  const maxStdout = options.maxStdoutBytes ?? MAX_STDOUT
  return new Promise((resolve) => {
    const stdout: Buffer[] = []
    let stdoutBytes = 0
    const lines: string[] = []
    const tail: string[] = []
    let dropped = 0
    let partial = ''
    let timedOut = false
    let error: string | undefined
    let killTimer: NodeJS.Timeout | undefined
    let settled = false

    const child = spawn(spec.command, [...spec.args], {
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      shell: false,
      windowsHide: true,
    })

    const kill = (reason: 'timeout' | 'abort' | 'overflow') => {
      if (child.exitCode !== null || child.signalCode !== null) return
      if (reason === 'timeout') timedOut = true
      signalGroup(child.pid, 'SIGTERM', child)
      killTimer ??= setTimeout(() => signalGroup(child.pid, 'SIGKILL', child), options.killGraceMs ?? 5000)
      killTimer.unref?.()
    }

    const addLine = (raw: string) => {
      const line = raw.replace(/\r$/, '')
      tail.push(line)
      if (tail.length > TAIL_LINES) tail.shift()
      options.onStderrLine?.(line)
      if (lines.length < MAX_LOG_LINES)
        lines.push(line.length > MAX_LOG_LINE ? line.slice(0, MAX_LOG_LINE) + '…' : line)
      else dropped++
    }

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length
      if (stdoutBytes > maxStdout) {
        error ??= `the command wrote more than ${maxStdout} bytes to stdout; it was stopped`
        kill('overflow')
        return
      }
      stdout.push(chunk)
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n')
      partial = parts.pop() ?? ''
      for (const p of parts) addLine(p)
      if (partial.length > MAX_LOG_LINE * 4) {
        addLine(partial)
        partial = ''
      }
    })
    // A command that does not read its input closes stdin early: not an error.
    child.stdin.on('error', () => {})
    child.stdin.end(options.stdin)

    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => kill('timeout'), options.timeoutMs)
    const onAbort = () => kill('abort')
    options.signal?.addEventListener('abort', onAbort, {once: true})

    const finish = (exitCode: number | null, signal: string | null) => {
      if (settled) return
      settled = true
      if (timer) clearTimeout(timer)
      if (killTimer) clearTimeout(killTimer)
      options.signal?.removeEventListener('abort', onAbort)
      if (partial) addLine(partial)
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderrTail: tail.join('\n'),
        stderrLines: lines,
        droppedLines: dropped,
        timedOut,
        timeoutMs: options.timeoutMs,
        error,
        durationMs: Math.round(performance.now() - started),
      })
    }
    child.on('error', (err: NodeJS.ErrnoException) => {
      error ??= `cannot run ${spec.command}: ${err.code === 'ENOENT' ? 'no such command' : err.code === 'EACCES' ? 'permission denied' : err.message}`
      // 'close' does not follow a failed spawn
      if (child.pid === undefined) finish(null, null)
    })
    child.on('close', (code, signal) => finish(code, signal))
  })
}

/** Signals the child's process group (everything it started), or the child alone where groups do not exist. */
function signalGroup(
  pid: number | undefined,
  signal: NodeJS.Signals,
  child: {kill(signal: NodeJS.Signals): boolean},
): void {
  if (pid !== undefined && process.platform !== 'win32') {
    try {
      process.kill(-pid, signal)
      return
    } catch {
      // the group is gone; fall through to the child itself
    }
  }
  child.kill(signal)
}

/** Whether `command` can be started: a path to an executable file, or a name found on PATH. */
export async function findExecutable(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const {access, stat} = await import('node:fs/promises')
  const {constants} = await import('node:fs')
  const {delimiter, isAbsolute, join, resolve} = await import('node:path')
  const usable = async (file: string) => {
    try {
      await access(file, constants.X_OK)
      return (await stat(file)).isFile()
    } catch {
      return false
    }
  }
  if (process.platform === 'win32') return command
  if (command.includes('/')) {
    const file = isAbsolute(command) ? command : resolve(command)
    return (await usable(file)) ? file : undefined
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    const file = join(dir, command)
    if (await usable(file)) return file
  }
  return undefined
}
