/**
 * Bad input of every kind: one clear error naming the file (and line:column where there is one),
 * a documented exit code, no stack trace, and no request to the server (seen through a proxy).
 */
import {chmodSync, mkdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {FaultProxy} from '../helpers/fault-proxy.js'
import {cli, serverUrl, tempDir} from '../helpers/server-env.js'

let proxy: FaultProxy
beforeAll(async () => {
  proxy = await new FaultProxy(new URL(serverUrl().replace(/\/api$/, ''))).start()
})
afterAll(async () => proxy.stop())
beforeEach(() => {
  proxy.clear()
})

const STACK = /\n\s+at .+[(:]\d+/
const via = (args: string[], input?: string) =>
  cli(args, {env: {CONDUCTOR_SERVER_URL: proxy.url}, ...(input === undefined ? {} : {input})})
const good = {
  name: 'w',
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'a@b.c',
  tasks: [{name: 's', taskReferenceName: 's', type: 'SET_VARIABLE', inputParameters: {}}],
}

function file(name: string, content: string | Buffer): string {
  const dir = tempDir()
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

const cases: {title: string; make: () => string; expect: RegExp; position?: boolean}[] = [
  {
    title: 'malformed JSON',
    make: () => file('bad.json', '{"name": "w",\n  "tasks": [\n}'),
    expect: /bad\.json:3:\d+/,
    position: true,
  },
  {
    title: 'malformed YAML',
    make: () => file('bad.yaml', 'name: w\ntasks:\n  - name: a\n   bad: indent\n'),
    expect: /bad\.yaml:\d+:\d+/,
    position: true,
  },
  {
    title: 'wrong types',
    make: () => file('types.json', JSON.stringify({...good, tasks: 'not a list', schemaVersion: 'two'}, null, 2)),
    expect: /types\.json:\d+:\d+.*(tasks|schemaVersion)/,
    position: true,
  },
  {
    title: 'a huge number',
    make: () => file('huge.json', JSON.stringify(good).replace('"version":1', '"version":1e400')),
    expect: /huge\.json/,
  },
  {
    title: 'deep nesting',
    make: () =>
      file(
        'deep.json',
        JSON.stringify({...good, tasks: [{...good.tasks[0], inputParameters: {}}]}).replace(
          '"inputParameters":{}',
          '"inputParameters":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000),
        ),
      ),
    expect: /deep\.json/,
  },
  {title: 'an empty file', make: () => file('empty.json', ''), expect: /empty\.json/},
  {
    title: 'a binary file',
    make: () => file('blob.json', Buffer.from([0, 1, 2, 255, 254, 0, 10])),
    expect: /blob\.json/,
  },
  {
    title: 'duplicate keys',
    make: () => file('dup.json', '{"name": "w", "name": "x", "tasks": []}'),
    expect: /dup\.json:1:\d+.*name/,
    position: true,
  },
  {
    title: 'duplicate task refs',
    make: () => file('refs.json', JSON.stringify({...good, tasks: [good.tasks[0], good.tasks[0]]}, null, 2)),
    expect: /refs\.json:\d+:\d+.*taskReferenceName/,
    position: true,
  },
  {
    title: 'invalid UTF-8',
    make: () =>
      file(
        'latin1.json',
        Buffer.concat([Buffer.from('{"name": "caf'), Buffer.from([0xe9]), Buffer.from('", "tasks": []}')]),
      ),
    expect: /latin1\.json/,
  },
  {title: 'a missing path', make: () => join(tempDir(), 'nope.json'), expect: /nope\.json/},
  {
    title: 'a symlink loop',
    make: () => {
      const dir = tempDir()
      mkdirSync(join(dir, 'a'))
      writeFileSync(join(dir, 'a', 'bad.json'), '{')
      symlinkSync(join(dir, 'a'), join(dir, 'a', 'loop'))
      return dir
    },
    expect: /bad\.json/,
  },
  {
    title: 'a directory with thousands of files, one bad',
    make: () => {
      const dir = tempDir()
      for (let i = 0; i < 3000; i++) writeFileSync(join(dir, `w${i}.json`), JSON.stringify({...good, name: `w${i}`}))
      writeFileSync(join(dir, 'w1234.json'), '{"name": ')
      return dir
    },
    expect: /w1234\.json:1:\d+/,
    position: true,
  },
]

describe('bad definition files given to register', () => {
  for (const c of cases) {
    it(`${c.title}: exit 3, named in the error, nothing sent`, async () => {
      const result = await via(['workflow', 'register', c.make()])
      expect(result.exitCode, result.stderr).toBe(3)
      expect(result.stderr).toMatch(c.expect)
      expect(result.stderr).not.toMatch(STACK)
      expect(result.stdout).toBe('')
      expect(proxy.log).toEqual([])
    })
  }

  it('an unreadable file is reported with the reason (when not running as root)', async () => {
    const path = file('secret.json', JSON.stringify(good))
    chmodSync(path, 0o000)
    const result = await via(['workflow', 'register', path])
    if (process.getuid?.() === 0)
      expect(result.exitCode).toBe(0) // root reads it anyway
    else {
      expect(result.exitCode).toBe(3)
      expect(result.stderr).toMatch(/secret\.json.*(EACCES|permission)/i)
    }
  })
})

describe('bad command-line input', () => {
  const usage: {title: string; args: string[]; expect: RegExp}[] = [
    {title: 'bad --input syntax', args: ['run', 'w', '--input', 'novalue'], expect: /--input/},
    {title: 'bad --input file', args: ['run', 'w', '--input', 'x=@/nonexistent/file.json'], expect: /nonexistent/},
    {title: 'a bad server URL', args: ['workflow', 'list', '--server', 'not a url'], expect: /Invalid server URL/},
    {
      title: 'an unsupported URL scheme',
      args: ['workflow', 'list', '--server', 'ftp://host/api'],
      expect: /only http and https/,
    },
    {title: 'an unknown flag', args: ['workflow', 'list', '--bogus'], expect: /bogus/i},
    {title: 'a missing argument', args: ['workflow', 'get'], expect: /name/i},
    {title: 'a bad output format', args: ['workflow', 'list', '-o', 'xml'], expect: /xml/},
    {title: 'a bad --wait duration', args: ['run', 'w', '--wait=soon'], expect: /soon/},
  ]
  for (const c of usage) {
    it(`${c.title}: exit 2, one line, nothing sent`, async () => {
      const result = await via(c.args)
      expect(result.exitCode, result.stderr).toBe(2)
      expect(result.stderr).toMatch(c.expect)
      expect(result.stderr).not.toMatch(STACK)
      expect(proxy.log).toEqual([])
    })
  }
})
