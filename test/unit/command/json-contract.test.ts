import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import pLimit from 'p-limit'
import {beforeAll, describe, expect, it} from 'vitest'
import {FAILURE_SHAPE, JSON_SHAPES} from '../../../src/lib/command/json-shapes.js'
import {EXIT_CODES} from '../../../src/lib/errors.js'
import {misfits, misfitsBesideError, parseShape} from '../../helpers/json-shape.js'
import {runCli, type CliResult} from '../../helpers/run-cli.js'

/**
 * Walks the manifest: every command, run as users run it with --json, reports its failure as one JSON
 * document whose error.kind and error.exitCode match the process's exit code. Commands that talk to a
 * server meet one that refuses connections (or a check of their arguments first); every command also
 * meets an unknown flag. `execution watch` is left out of the refused case: it follows through transient
 * failures until its deadline, by design. Each document has the failure shape of json-shapes.ts, and
 * what is beside `error` (each id's or file's result) fits the command's declared shape;
 * test/unit/command/json-success.test.ts checks successes.
 */
const MANIFEST = fileURLToPath(new URL('../../../oclif.manifest.json', import.meta.url))
const commands = Object.keys(
  (JSON.parse(readFileSync(MANIFEST, 'utf8')) as {commands: Record<string, unknown>}).commands,
).sort()

const home = mkdtempSync(join(tmpdir(), 'conductor-contract-'))
const workflowFile = join(home, 'wf.json')
const taskFile = join(home, 'task.json')
writeFileSync(workflowFile, JSON.stringify({name: 'contract_wf', version: 1, schemaVersion: 2, tasks: []}))
writeFileSync(taskFile, JSON.stringify({name: 'contract_task', retryCount: 0, timeoutSeconds: 60}))

/** Minimal valid arguments for the commands that talk to a server (the rest only get the unknown flag). */
const serverArgs: Record<string, string[]> = {
  doctor: [],
  export: ['--dir', join(home, 'export')],
  run: ['contract_wf'],
  search: [],
  status: ['some-id'],
  'execution:delete': ['some-id', '--yes'],
  'execution:get': ['some-id'],
  'execution:pause': ['some-id'],
  'execution:rerun': ['some-id'],
  'execution:restart': ['some-id'],
  'execution:resume': ['some-id'],
  'execution:retry': ['some-id'],
  'execution:skip-task': ['some-id', 'ref'],
  'execution:terminate': ['some-id', '--yes'],
  'execution:variables': ['some-id'],
  'task:complete': ['some-id', 'ref'],
  'task:delete': ['contract_task', '--yes'],
  'task:diff': [taskFile],
  'task:get': ['contract_task'],
  'task:list': [],
  'task:register': [taskFile],
  'workflow:delete': ['contract_wf', '1', '--yes'],
  'workflow:diff': [workflowFile],
  'workflow:get': ['contract_wf'],
  'workflow:list': [],
  'workflow:register': [workflowFile],
  'workflow:versions': ['contract_wf'],
}
const REFUSED = ['--server', 'http://127.0.0.1:1/api', '--timeout', '3s']

interface Case {
  command: string
  failure: 'refused' | 'unknown flag'
  args: string[]
}
const cases: Case[] = commands.flatMap((command) => {
  const argv = command.split(':')
  const out: Case[] = [{command, failure: 'unknown flag', args: [...argv, '--no-such-flag', '--json']}]
  const extra = serverArgs[command]
  if (extra) out.push({command, failure: 'refused', args: [...argv, ...extra, ...REFUSED, '--json']})
  return out
})

const results = new Map<Case, CliResult>()
beforeAll(async () => {
  const limit = pLimit(4)
  const env = {CONDUCTOR_CLI_HOME: join(home, 'cli'), HOME: home, CONDUCTOR_SERVER_URL: ''}
  await Promise.all(cases.map((c) => limit(async () => results.set(c, await runCli(c.args, {env, cwd: home})))))
}, 300_000)

describe('--json failures of every command in the manifest', () => {
  it('knows minimal arguments only for commands in the manifest', () => {
    for (const command of Object.keys(serverArgs)) expect(commands).toContain(command)
  })
  for (const c of cases) {
    it(`${c.command} (${c.failure}): one JSON document, error.exitCode = exit code`, () => {
      const r = results.get(c)
      expect(r, 'ran').toBeDefined()
      const {stdout, exitCode, stderr} = r as CliResult
      let doc: {error?: {kind?: string; exitCode?: number}}
      try {
        doc = JSON.parse(stdout) as typeof doc
      } catch {
        throw new Error(`stdout is not one JSON document (exit ${exitCode}):\n${stdout}\nstderr: ${stderr}`)
      }
      expect(exitCode).not.toBe(0)
      expect(misfits(doc, parseShape(FAILURE_SHAPE))).toEqual([])
      expect(misfitsBesideError(doc as Record<string, unknown>, JSON_SHAPES[c.command] ?? [])).toEqual([])
      expect(doc.error?.exitCode).toBe(exitCode)
      expect(typeof doc.error?.kind).toBe('string')
      expect(EXIT_CODES[doc.error?.kind as keyof typeof EXIT_CODES]).toBe(exitCode)
      if (c.failure === 'unknown flag') expect(doc.error?.kind).toBe('usage')
      else expect(doc.error?.kind).not.toBe('bug')
    })
  }
})
