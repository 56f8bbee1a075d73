import {createHash} from 'node:crypto'
import {existsSync, mkdtempSync, readdirSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cachedJarPath, ensureJar, resolveVersion} from '../../../src/lib/server/jar.js'

const JAR = Buffer.from('PK\u0003\u0004 pretend this is a boot jar '.repeat(1000))
const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex')
const files: Record<string, string | Buffer> = {
  '/org/conductoross/conductor-server/maven-metadata.xml':
    '<metadata><versioning><latest>9.9.9</latest><release>9.9.8</release></versioning></metadata>',
  '/org/conductoross/conductor-server/1.0.0/conductor-server-1.0.0-boot.jar': JAR,
  '/org/conductoross/conductor-server/1.0.0/conductor-server-1.0.0-boot.jar.sha1': sha1(JAR),
  '/org/conductoross/conductor-server/6.6.6/conductor-server-6.6.6-boot.jar': JAR,
  '/org/conductoross/conductor-server/6.6.6/conductor-server-6.6.6-boot.jar.sha1': '0'.repeat(40),
}

let server: Server
let repo: string
beforeAll(async () => {
  server = createServer((req, res) => {
    const body = files[req.url ?? '']
    if (body === undefined) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, {'content-length': Buffer.byteLength(body)}).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  repo = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const env = () => ({CONDUCTOR_MAVEN_REPO: repo, CONDUCTOR_CLI_CACHE: mkdtempSync(join(tmpdir(), 'jars-'))})

describe('server jar', () => {
  it('resolves "latest" from the repository metadata and keeps explicit versions', async () => {
    expect(await resolveVersion('latest', env())).toBe('9.9.8')
    expect(await resolveVersion('3.32.1', env())).toBe('3.32.1')
    await expect(resolveVersion('3.x', env())).rejects.toThrow(/Invalid server version/)
  })
  it('downloads, verifies against the published checksum, and reports progress', async () => {
    const e = env()
    let last = 0
    const path = await ensureJar('1.0.0', {env: e, onProgress: (received) => (last = received)})
    expect(path).toBe(cachedJarPath('1.0.0', e))
    expect(last).toBe(JAR.length)
    expect(readdirSync(join(e.CONDUCTOR_CLI_CACHE, 'jars')).filter((f) => f.endsWith('.part'))).toEqual([])
  })
  it('refuses and removes a download whose checksum does not match', async () => {
    const e = env()
    await expect(ensureJar('6.6.6', {env: e})).rejects.toThrow(/does not match the published sha1/)
    expect(existsSync(cachedJarPath('6.6.6', e))).toBe(false)
    expect(existsSync(cachedJarPath('6.6.6', e) + '.part')).toBe(false)
  })
  it('refuses and removes a cached jar changed after download', async () => {
    const e = env()
    const path = await ensureJar('1.0.0', {env: e})
    writeFileSync(path, 'tampered')
    await expect(ensureJar('1.0.0', {env: e})).rejects.toThrow(/does not match its sha1 checksum.*removed/)
    expect(existsSync(path)).toBe(false)
    expect(await ensureJar('1.0.0', {env: e})).toBe(path) // the next run downloads a good copy again
  })
  it('says clearly when a version is not published', async () => {
    await expect(ensureJar('2.0.0', {env: env()})).rejects.toThrow(/is not published/)
  })
})
