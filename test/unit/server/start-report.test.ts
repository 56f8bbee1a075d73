import {describe, expect, it} from 'vitest'
import type {StartResult} from '../../../src/lib/server/manager.js'
import {downloadProgress, readyText, startedLine} from '../../../src/lib/server/start-report.js'

const result = (over: Partial<StartResult> = {}): StartResult => ({
  pid: 42,
  port: 8080,
  version: '3.32.3',
  jar: '/j.jar',
  java: '/usr/bin/java',
  dataDir: '/data',
  logFile: '/log',
  startedAt: '2026-12-01T00:00:00Z',
  alreadyRunning: false,
  url: 'http://localhost:8080/api',
  health: true,
  urls: ['http://localhost:8080/api'],
  ...over,
})

describe('server start report', () => {
  it('download progress: one update per whole percent, "?" without a total', () => {
    const seen: string[] = []
    const progress = downloadProgress((t) => seen.push(t))
    progress(0, 2 * 1048576)
    progress(1000, 2 * 1048576)
    progress(1048576, 2 * 1048576)
    progress(10, undefined)
    expect(seen).toEqual([
      'Downloading server jar: 0% of 2 MB',
      'Downloading server jar: 50% of 2 MB',
      'Downloading server jar: -1% of ? MB',
    ])
  })

  it('started line: where, pid and the data or the Postgres database', () => {
    expect(startedLine(result())).toBe('Conductor 3.32.3 started on http://localhost:8080/api (pid 42, data /data)')
    const pg = result({
      alreadyRunning: true,
      urls: ['http://localhost:8080/api', 'http://localhost:8081/api'],
      postgres: {url: 'postgres://u@h/db'},
    })
    expect(startedLine(pg)).toBe(
      'Conductor 3.32.3 already running on http://localhost:8080/api and http://localhost:8081/api (pid 42, Postgres postgres://u@h/db)',
    )
  })

  it("the Go CLI's ready lines", () => {
    expect(readyText(result())).toBe(
      'Conductor server is ready!\n  API: http://localhost:8080/api\n  UI:  http://localhost:8080',
    )
    expect(readyText(result({alreadyRunning: true}))).toBe('Conductor server is already running (PID: 42)')
  })
})
