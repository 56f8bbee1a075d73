import {readFile} from 'node:fs/promises'

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Guards against a recycled pid: the process must still be a Conductor server jar. */
export async function isConductorProcess(pid: number): Promise<boolean> {
  if (!isAlive(pid)) return false
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8')
    return cmdline.includes('conductor-server') || cmdline.includes('-jar')
  } catch {
    return true // no /proc (macOS): trust the pid file
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** SIGTERM, wait for the process to be gone, SIGKILL after `graceMs`. Resolves once it is gone. */
export async function terminate(pid: number, graceMs = 20_000): Promise<'terminated' | 'killed' | 'not-running'> {
  if (!isAlive(pid)) return 'not-running'
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return 'not-running'
  }
  const deadline = Date.now() + graceMs
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'terminated'
    await sleep(200)
  }
  try {
    process.kill(pid, 'SIGKILL')
  } catch {}
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100)
  return 'killed'
}

/** The last `count` lines of a file (the log's tail, for error messages and `server logs -n`). */
export async function tailLines(path: string, count: number): Promise<string[]> {
  try {
    const text = await readFile(path, 'utf8')
    const lines = text.split('\n')
    if (lines.at(-1) === '') lines.pop()
    // slice(-0) would be every line: `server logs -n 0` prints none (then --follow prints only new ones)
    return count > 0 ? lines.slice(-count) : []
  } catch {
    return []
  }
}
