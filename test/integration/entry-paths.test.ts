import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {cli, serverUrl, tempDir, uniqueName} from '../helpers/server-env.js'

/**
 * bin/run.js runs a command of the manifest straight from the bundle (dist/cli.cjs) with the root
 * plugin alone, and everything else (help, topics, plugins' commands, not-found) through oclif's
 * execute(). These pin what users see on each of those paths.
 */
describe('the CLI as a process, on each of its entry paths', () => {
  it('prints the root help with topics, our commands and the plugins', async () => {
    const result = await cli(['--help'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toContain('$ conductor [COMMAND]')
    expect(result.stdout).toMatch(/TOPICS[\s\S]*workflow\s+Workflow definitions as code/)
    expect(result.stdout).toMatch(/COMMANDS[\s\S]*autocomplete[\s\S]*run\s/)
  })

  it("prints a command's help, global flags included, and a topic's commands", async () => {
    const command = await cli(['workflow', 'get', '--help'])
    expect(command.exitCode, command.stderr).toBe(0)
    expect(command.stdout).toContain('$ conductor workflow get NAME')
    expect(command.stdout).toMatch(/--version=<value>\s+Version/)
    expect(command.stdout).toMatch(/GLOBAL FLAGS[\s\S]*--server=<value>/)
    const topic = await cli(['workflow'])
    expect(topic.exitCode, topic.stderr).toBe(0)
    expect(topic.stdout).toMatch(/workflow get\s+Print a workflow definition/)
  })

  it('names a mistyped command, suggests the closest one off a terminal, and exits 127', async () => {
    const result = await cli(['workflow', 'lst'])
    expect(result.exitCode).toBe(127)
    // one style with every other error: an Error line and a Hint line
    expect(result.stderr).toBe(
      'Error: "workflow lst" is not a conductor command\nHint: Did you mean `conductor workflow list`? `conductor help` lists the commands.\n',
    )
  })

  it('runs the completion plugin', async () => {
    const env = {XDG_CACHE_HOME: tempDir()}
    const setup = await cli(['autocomplete', 'bash'], {env})
    expect(setup.exitCode, setup.stderr).toBe(0)
    expect(setup.stdout).toContain('conductor autocomplete script bash')
    const script = await cli(['autocomplete', 'script', 'bash'], {env})
    expect(script.exitCode, script.stderr).toBe(0)
    expect(script.stdout).toContain('CONDUCTOR_AC_BASH_SETUP_PATH')
  })

  it("reports a command's usage errors with a hint and exit 2", async () => {
    const missing = await cli(['workflow', 'get'])
    expect(missing.exitCode).toBe(2)
    expect(missing.stderr).toContain('Error: Missing 1 required arg: name')
    expect(missing.stderr).toContain('Hint: See `--help` for the usage.')
    const option = await cli(['workflow', 'list', '--output', 'nope'])
    expect(option.exitCode).toBe(2)
    expect(option.stderr).toContain('Expected --output=nope to be one of: table, json, yaml, jsonl, csv')
  })

  it('keeps a code cache per Node version, takes it on the next run, and survives a damaged one', async () => {
    const name = uniqueName('entry_paths')
    const put = await fetch(`${serverUrl()}/metadata/workflow`, {
      method: 'PUT',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify([
        {
          name,
          version: 1,
          schemaVersion: 2,
          ownerEmail: 'test@example.com',
          tasks: [{name: 'set', taskReferenceName: 'set', type: 'SET_VARIABLE', inputParameters: {a: 1}}],
        },
      ]),
    })
    expect(put.ok).toBe(true)
    const cache = tempDir()
    const env = {CONDUCTOR_CLI_CACHE: cache}
    const first = await cli(['workflow', 'get', name], {env})
    expect(first.exitCode, first.stderr).toBe(0)
    expect(JSON.parse(first.stdout)).toMatchObject({name, version: 1})
    const dir = join(cache, 'code-cache')
    const files = readdirSync(dir)
    const bin = files.find((f) => f.startsWith(`${process.version}-${process.arch}-`) && f.endsWith('.bin'))
    expect(bin, files.join(', ')).toBeDefined()
    expect(readFileSync(join(dir, `${bin}.ids`), 'utf8').split('\n')).toContain('workflow:get')

    const second = await cli(['workflow', 'get', name], {env})
    expect(second.exitCode, second.stderr).toBe(0)
    expect(second.stdout).toBe(first.stdout)

    writeFileSync(join(dir, bin as string), 'not a code cache')
    const damaged = await cli(['workflow', 'get', name], {env})
    expect(damaged.exitCode, damaged.stderr).toBe(0)
    expect(damaged.stdout).toBe(first.stdout)
    expect(damaged.stderr).toBe('')
    expect(readFileSync(join(dir, bin as string)).length).toBeGreaterThan(1000)
  })
})
