import type {Progress} from './jar.js'
import type {StartResult} from './manager.js'

/** The jar download's progress as text, one update per whole percent. */
export function downloadProgress(update: (text: string) => void): Progress {
  let lastPercent = -1
  return (received, total) => {
    const percent = total ? Math.floor((received / total) * 100) : -1
    if (percent === lastPercent) return
    lastPercent = percent
    update(`Downloading server jar: ${percent}% of ${total ? Math.round(total / 1048576) : '?'} MB`)
  }
}

/** The line for people: what runs where, with which pid and data. */
export function startedLine(result: StartResult): string {
  const what = result.alreadyRunning ? 'already running' : 'started'
  const where = result.urls.length > 1 ? result.urls.join(' and ') : result.url
  const db = result.postgres ? `Postgres ${result.postgres.url}` : `data ${result.dataDir}`
  return `Conductor ${result.version} ${what} on ${where} (pid ${result.pid}, ${db})`
}

/** The Go CLI's lines on stdout, which scripts wait for (they carry the UI address too). */
export function readyText(result: StartResult): string {
  const root = `http://localhost:${result.port}`
  return result.alreadyRunning
    ? `Conductor server is already running (PID: ${result.pid})`
    : `Conductor server is ready!\n  API: ${root}/api\n  UI:  ${root}`
}
