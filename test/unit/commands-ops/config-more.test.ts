import {chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import ConfigDelete from '../../../src/commands/config/delete.js'
import ConfigList from '../../../src/commands/config/list.js'
import ConfigSave from '../../../src/commands/config/save.js'
import ConfigShow from '../../../src/commands/config/show.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'

/** The config commands in process on a temporary CONDUCTOR_CLI_HOME: files written, what is shown, every refusal. */
let home: string
const Save = ConfigSave as unknown as CommandClass
const Show = ConfigShow as unknown as CommandClass
const List = ConfigList as unknown as CommandClass
const Delete = ConfigDelete as unknown as CommandClass
// the id oclif's loader gives it (main.ts sets it from the manifest); messages name the command by it
ConfigDelete.id = 'config:delete'
const ENV = [
  'CONDUCTOR_SERVER_URL',
  'CONDUCTOR_SERVER_TYPE',
  'CONDUCTOR_AUTH_KEY',
  'CONDUCTOR_AUTH_SECRET',
  'CONDUCTOR_AUTH_TOKEN',
]

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'conductor-config-ops-'))
  vi.stubEnv('CONDUCTOR_CLI_HOME', home)
  vi.stubEnv('CONDUCTOR_PROFILE', '')
  vi.stubEnv('CI', '1')
  for (const name of ENV) vi.stubEnv(name, '')
})
afterEach(() => vi.unstubAllEnvs())

const profile = (name: string, text: string, mode = 0o600) => {
  const file = join(home, name === 'default' ? 'config.yaml' : `config-${name}.yaml`)
  writeFileSync(file, text)
  chmodSync(file, mode)
  return file
}

describe('config save', () => {
  it('writes the default profile (0600) with a normalised server URL and server type (CONDUCTOR_PROFILE empty is unset)', async () => {
    const run = await runInProcess(Save, ['--server', 'https://acme.example.com/', '--server-type', 'enterprise'])
    expect(run.exitCode).toBe(0)
    const file = join(home, 'config.yaml')
    expect(run.stdout).toBe(`✓ Configuration saved to ${file}\n`)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readFileSync(file, 'utf8')).toBe('server: https://acme.example.com/api\nserver-type: Enterprise\n')
  })

  it('keeps the keys and comments it does not manage, and drops an auth key not given again', async () => {
    const file = profile(
      'prod',
      '# written by hand\nserver: http://old/api\nauth-key: OLD\nauth-secret: OLDSECRET\nextra: kept\n',
    )
    const run = await runInProcess(Save, [
      '--profile',
      'prod',
      '--server',
      'http://new:8080',
      '--auth-token',
      'tok-12345',
      '--json',
    ])
    expect(run.exitCode).toBe(0)
    expect(run.doc).toEqual({profile: 'prod', file, keys: ['server', 'auth-token']})
    const text = readFileSync(file, 'utf8')
    expect(text).toContain('# written by hand')
    expect(text).toContain('extra: kept')
    expect(text).toContain('server: http://new:8080/api')
    expect(text).toContain('auth-token: tok-12345')
    expect(text).not.toContain('OLDSECRET')
    expect(run.stdout).not.toContain('tok-12345')
  })

  it('--config FILE writes that file instead of a profile', async () => {
    const file = join(home, 'elsewhere', 'conductor.yaml')
    const run = await runInProcess(Save, ['--config', file, '--server', 'http://localhost:8080/api', '--json'])
    expect(run.exitCode).toBe(0)
    expect((run.doc as {file: string}).file).toBe(file)
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it.each([
    [['--server', 'http://x', '--auth-key', 'K'], 'Give both --auth-key and --auth-secret'],
    [['--server', 'http://x', '--auth-secret', 'S'], 'Give both --auth-key and --auth-secret'],
    [
      ['--server', 'http://x', '--server-type', 'cloud'],
      'Invalid server type "cloud" (from server type): use OSS or Enterprise',
    ],
    [['--server', 'ftp://x'], 'Invalid server URL "ftp://x": only http and https are supported'],
    [['--server', 'http://user:pw@x'], 'Credentials in the server URL are not supported'],
    [['--server', 'not a url'], 'Invalid server URL "not a url"'],
    [
      ['--server', 'http://x', '--profile', '../etc/evil'],
      'Invalid profile name "../etc/evil": use letters, digits, "-", "_" and "."',
    ],
  ])('refuses %j (2), writing nothing', async (argv, message) => {
    const run = await runInProcess(Save, [...argv, '--json'])
    expect(run.exitCode).toBe(2)
    expect((run.doc as {error: {kind: string; message: string}}).error).toMatchObject({kind: 'usage', message})
    expect(JSON.stringify(run.doc)).not.toContain('pw@')
    const {readdirSync} = await import('node:fs')
    expect(readdirSync(home)).toEqual([])
  })
})

describe('config show', () => {
  it('text: the source file and the Go CLI table, secrets masked', async () => {
    const file = profile(
      'default',
      'server: http://localhost:8080/api\nauth-key: key-1\nauth-secret: TESTSECRET-show-1234\n',
    )
    const run = await runInProcess(Show, [])
    expect(run.exitCode).toBe(0)
    expect(run.stdout.split('\n')[0]).toBe(`Source: ${file}`)
    expect(run.stdout).toMatch(/KEY\s+VALUE\s+SOURCE/)
    expect(run.stdout).toMatch(/server\s+http:\/\/localhost:8080\/api\s+config\.yaml/)
    expect(run.stdout).toMatch(/auth-key\s+key-1\s+config\.yaml/)
    expect(run.stdout).toMatch(/auth-secret\s+\*\*\*\*\s+config\.yaml/)
    expect(run.stdout).toMatch(/auth-token\s+-\s+default/)
    expect(run.stdout).not.toContain('TESTSECRET')
  })

  it('--json: the settings with their origins, and the Go CLI file/values', async () => {
    const file = profile('default', 'server: http://localhost:8080\nauth-token: TESTTOKEN-abcdefgh\n')
    const run = await runInProcess(Show, ['--json'])
    expect(run.exitCode).toBe(0)
    expect(run.doc).toEqual({
      profile: 'default',
      profileFile: file,
      file,
      settings: [
        {key: 'profile', value: 'default', source: 'default'},
        {key: 'server', value: 'http://localhost:8080/api', source: file},
        {key: 'server-type', value: 'OSS', source: 'default'},
        {key: 'auth-token', value: 'TE****gh', source: file},
      ],
      values: [
        {key: 'server', value: 'http://localhost:8080', source: 'config.yaml'},
        {key: 'server-type', value: 'OSS', source: 'default'},
        {key: 'auth-key', value: '', source: 'default'},
        {key: 'auth-secret', value: '', source: 'default'},
        {key: 'auth-token', value: '****', source: 'config.yaml'},
      ],
    })
  })

  it('--show-secrets prints them; -o csv lists the settings', async () => {
    profile('default', 'server: http://h/api\nauth-key: k\nauth-secret: s3cr3t\n')
    const run = await runInProcess(Show, ['--show-secrets', '-o', 'csv'])
    expect(run.exitCode).toBe(0)
    expect(run.stdout.split('\n')[0]).toBe('Key,Value,Source')
    expect(run.stdout).toContain(`auth-secret,s3cr3t,${join(home, 'config.yaml')}`)
  })

  it('the environment, when set, supplies everything (config.yaml unread)', async () => {
    profile('default', 'server: http://from-file/api\nauth-token: FILETOKEN-123456\n')
    vi.stubEnv('CONDUCTOR_SERVER_URL', 'http://from-env:8080/api')
    const run = await runInProcess(Show, [])
    expect(run.stdout.split('\n')[0]).toBe('Source: environment variables')
    expect(run.stdout).toMatch(/server\s+http:\/\/from-env:8080\/api\s+env CONDUCTOR_SERVER_URL/)
    expect(run.stdout).not.toContain('from-file')
    expect(run.stdout).toMatch(/auth-token\s+-\s+default/)
  })

  it('flags win over the file; nothing saved says built-in defaults', async () => {
    const none = await runInProcess(Show, [])
    expect(none.stdout.split('\n')[0]).toBe('Source: built-in defaults')
    expect(none.stdout).toMatch(/server\s+-\s+default/)
    profile('default', 'server: http://from-file/api\n')
    const flagged = await runInProcess(Show, ['--server', 'http://from-flag/api'])
    expect(flagged.stdout).toMatch(/server\s+http:\/\/from-flag\/api\s+flag --server/)
  })

  it('a profile file others can read is warned about (in --json, under warnings)', async () => {
    const file = profile('default', 'server: http://h/api\nauth-token: TESTTOKEN-readable\n', 0o644)
    const run = await runInProcess(Show, ['--json'])
    expect(run.exitCode).toBe(0)
    expect((run.doc as {warnings: string[]}).warnings).toContain(
      `${file} is readable by other users; run: chmod 600 ${file}`,
    )
    const text = await runInProcess(Show, [])
    expect(text.stderr).toContain(`Warning: ${file} is readable by other users`)
  })

  it('a profile that does not exist is not found (4), naming its file and how to create it', async () => {
    const run = await runInProcess(Show, ['--profile', 'nosuch', '--json'])
    expect(run.exitCode).toBe(4)
    const error = (run.doc as {error: {message: string; hint: string}}).error
    expect(error.message).toBe(`Profile 'nosuch' doesn't exist (expected file: ${join(home, 'config-nosuch.yaml')})`)
    expect(error.hint).toContain('conductor config save --profile nosuch')
  })

  it('CONDUCTOR_PROFILE picks the file', async () => {
    profile('staging', 'server: http://staging/api\n')
    vi.stubEnv('CONDUCTOR_PROFILE', 'staging')
    const run = await runInProcess(Show, ['--json'])
    expect((run.doc as {profile: string}).profile).toBe('staging')
    expect((run.doc as {settings: {key: string; source: string}[]}).settings[0]).toEqual({
      key: 'profile',
      value: 'staging',
      source: 'CONDUCTOR_PROFILE',
    })
  })

  it('--config of a missing file is not found (4)', async () => {
    const run = await runInProcess(Show, ['--config', join(home, 'nope.yaml')])
    expect(run.exitCode).toBe(4)
    expect(run.stderr).toContain(`Error: Config file ${join(home, 'nope.yaml')} does not exist`)
  })

  it.each([
    ['server: [unclosed\n', 'not valid YAML'],
    ['- a list\n', 'expected a map of keys (server, auth-key, ...)'],
  ])('a profile that is not a map of keys is invalid (3): %j', async (text, message) => {
    profile('default', text)
    const run = await runInProcess(Show, ['--json'])
    expect(run.exitCode).toBe(3)
    expect((run.doc as {error: {message: string}}).error.message).toContain(message)
  })

  it('an empty profile file is an empty profile', async () => {
    profile('default', '')
    const run = await runInProcess(Show, ['--json'])
    expect(run.exitCode).toBe(0)
    expect((run.doc as {settings: {value: string}[]}).settings[1]?.value).toBe('http://localhost:8080/api')
  })

  it('a server type other than OSS or Enterprise in the environment is a usage error (2)', async () => {
    vi.stubEnv('CONDUCTOR_SERVER_TYPE', 'cloud')
    const run = await runInProcess(Show, [])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('Invalid server type "cloud" (from CONDUCTOR_SERVER_TYPE)')
  })
})

describe('config list', () => {
  it('piped: one profile name a line, default first', async () => {
    profile('zeta', 'server: http://z/api\n')
    profile('default', 'server: http://d/api\n')
    profile('alpha', 'server: http://a/api\n')
    writeFileSync(join(home, 'notes.txt'), 'not a profile')
    const run = await runInProcess(List, [])
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toBe('default\nalpha\nzeta\n')
  })

  it('piped with nothing saved: the Go CLI line', async () => {
    const run = await runInProcess(List, [])
    expect(run.stdout).toBe('No configuration files found\n')
  })

  it('-o csv: server and the kind of auth of each, never a secret', async () => {
    profile('default', 'server: http://d/api\n')
    profile('orkes', 'server: https://o/api\nauth-key: k\nauth-secret: TESTSECRET-list\n')
    profile('tok', 'server: https://t/api\nauth-token: TESTTOKEN-list\n')
    const run = await runInProcess(List, ['-o', 'csv'])
    expect(run.stdout.split('\n').slice(0, 4)).toEqual([
      'Profile,Server,Auth,File',
      `default,http://d/api,none,${join(home, 'config.yaml')}`,
      `orkes,https://o/api,key + secret,${join(home, 'config-orkes.yaml')}`,
      `tok,https://t/api,token,${join(home, 'config-tok.yaml')}`,
    ])
    expect(run.stdout).not.toContain('TESTSECRET')
    const yaml = await runInProcess(List, ['-o', 'yaml'])
    expect(yaml.stdout).toContain('- profile: default\n')
    const jsonl = await runInProcess(List, ['-o', 'jsonl'])
    expect(
      jsonl.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as {profile: string}).profile),
    ).toEqual(['default', 'orkes', 'tok'])
  })
})

describe('config delete', () => {
  it('off a terminal without --yes: refused (2), the file kept', async () => {
    const file = profile('old', 'server: http://o/api\n')
    const run = await runInProcess(Delete, ['old'])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('Error: config delete needs --yes when it cannot ask for confirmation')
    expect(run.stderr).toContain('Hint: Add --yes (-y) to config delete without a prompt.')
    expect(statSync(file).isFile()).toBe(true)
  })

  it('--profile names the one to delete; -y deletes it', async () => {
    const file = profile('old', 'server: http://o/api\n')
    const run = await runInProcess(Delete, ['--profile', 'old', '-y'])
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toBe(`✓ Configuration deleted: ${file}\n`)
    expect(() => statSync(file)).toThrow()
  })

  it('a name that is a path is refused (2)', async () => {
    const run = await runInProcess(Delete, ['../config', '--yes'])
    expect(run.exitCode).toBe(2)
  })
})
