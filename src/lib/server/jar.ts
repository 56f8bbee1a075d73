import {createHash} from 'node:crypto'
import {createReadStream, createWriteStream} from 'node:fs'
import {mkdir, readFile, rename, rm, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {pipeline} from 'node:stream/promises'
import {Transform} from 'node:stream'
import {request} from '../client/undici-lite.js'
import {CliError} from '../errors.js'
import {cacheHome} from '../paths.js'

/** The newest GA release on Maven Central that our whole suite passes on. */
export const DEFAULT_SERVER_VERSION = '3.32.3'
const GROUP_PATH = 'org/conductoross/conductor-server'

export function mavenRepo(env: NodeJS.ProcessEnv = process.env): string {
  return (env.CONDUCTOR_MAVEN_REPO ?? 'https://repo1.maven.org/maven2').replace(/\/+$/, '')
}

export function jarFileName(version: string): string {
  return `conductor-server-${version}-boot.jar`
}

export function cachedJarPath(version: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheHome(env), 'jars', jarFileName(version))
}

function artifactUrl(version: string, env: NodeJS.ProcessEnv): string {
  return `${mavenRepo(env)}/${GROUP_PATH}/${version}/${jarFileName(version)}`
}

async function fetchText(url: string): Promise<{status: number; text: string}> {
  try {
    const response = await request(url, {headersTimeout: 30_000, bodyTimeout: 30_000})
    return {status: response.statusCode, text: await response.body.text()}
  } catch (error) {
    throw new CliError('network', `Cannot reach ${url}: ${(error as Error).message}`, {
      hint: 'Download the jar yourself and pass it with --jar PATH, or set CONDUCTOR_MAVEN_REPO to a mirror.',
    })
  }
}

export function checkVersionSyntax(version: string): void {
  if (!/^\d+\.\d+\.\d+([.-][A-Za-z0-9.-]+)?$/.test(version))
    throw new CliError('usage', `Invalid server version "${version}"`, {
      hint: 'Use a release number such as 3.32.3, or "latest".',
    })
}

/** `latest` → the `<release>` of Maven Central's metadata for conductor-server. */
export async function resolveVersion(
  version: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (!version) return DEFAULT_SERVER_VERSION
  if (version !== 'latest') {
    checkVersionSyntax(version)
    return version
  }
  const url = `${mavenRepo(env)}/${GROUP_PATH}/maven-metadata.xml`
  const {status, text} = await fetchText(url)
  const release = /<release>([^<]+)<\/release>/.exec(text)?.[1] ?? /<latest>([^<]+)<\/latest>/.exec(text)?.[1]
  if (status !== 200 || !release)
    throw new CliError('network', `Cannot read the latest version from ${url} (HTTP ${status})`)
  return release.trim()
}

export interface Checksum {
  algorithm: 'sha256' | 'sha1'
  hex: string
}

/** The checksum Maven Central publishes beside the jar: .sha256 if present, else .sha1. */
export async function publishedChecksum(version: string, env: NodeJS.ProcessEnv = process.env): Promise<Checksum> {
  for (const algorithm of ['sha256', 'sha1'] as const) {
    const {status, text} = await fetchText(`${artifactUrl(version, env)}.${algorithm}`)
    const hex = text.trim().split(/\s+/)[0]?.toLowerCase()
    const length = algorithm === 'sha256' ? 64 : 40
    if (status === 200 && hex && new RegExp(`^[0-9a-f]{${length}}$`).test(hex)) return {algorithm, hex}
  }
  throw new CliError('notFound', `Conductor server ${version} is not published at ${artifactUrl(version, env)}`, {
    hint: 'Check the version (`conductor server start --version latest` picks the newest), or pass a local jar with --jar.',
  })
}

export async function hashFile(path: string, algorithm: Checksum['algorithm']): Promise<string> {
  const hash = createHash(algorithm)
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

export type Progress = (received: number, total: number | undefined) => void

/**
 * The verified boot jar for `version`: from the cache (re-verified against the checksum recorded
 * when it was downloaded) or downloaded to a .part file, renamed only after its checksum matches.
 * A jar that fails the check is removed and refused.
 */
export async function ensureJar(
  version: string,
  options: {env?: NodeJS.ProcessEnv; onProgress?: Progress; onStatus?: (text: string) => void} = {},
): Promise<string> {
  const env = options.env ?? process.env
  const path = cachedJarPath(version, env)
  const sidecar = `${path}.checksum.json`
  let recorded: Checksum | undefined
  try {
    recorded = JSON.parse(await readFile(sidecar, 'utf8')) as Checksum
  } catch {}
  const cached = await stat(path).then(
    () => true,
    () => false,
  )
  if (cached && recorded) {
    options.onStatus?.(`Verifying ${jarFileName(version)}`)
    const actual = await hashFile(path, recorded.algorithm)
    if (actual !== recorded.hex) {
      await rm(path, {force: true})
      await rm(sidecar, {force: true})
      throw new CliError(
        'invalid',
        `The cached jar ${path} does not match its ${recorded.algorithm} checksum (expected ${recorded.hex}, got ${actual}); it was removed`,
        {
          hint: 'It was corrupted or changed after download. Run the command again to download a fresh copy.',
        },
      )
    }
    return path
  }

  const checksum = await publishedChecksum(version, env)
  await mkdir(join(cacheHome(env), 'jars'), {recursive: true})
  const part = `${path}.part`
  const url = artifactUrl(version, env)
  options.onStatus?.(`Downloading ${url}`)
  const hash = createHash(checksum.algorithm)
  try {
    const response = await request(url, {headersTimeout: 60_000, bodyTimeout: 120_000})
    if (response.statusCode !== 200) {
      await response.body.dump()
      throw new CliError('network', `Download of ${url} failed with HTTP ${response.statusCode}`)
    }
    const total = Number(response.headers['content-length']) || undefined
    let received = 0
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        received += chunk.length
        hash.update(chunk)
        options.onProgress?.(received, total)
        cb(null, chunk)
      },
    })
    await pipeline(response.body, meter, createWriteStream(part))
  } catch (error) {
    await rm(part, {force: true})
    if (error instanceof CliError) throw error
    throw new CliError('network', `Download of ${url} failed: ${(error as Error).message}`, {
      hint: 'Run the command again; or download the jar yourself and pass it with --jar PATH.',
    })
  }
  const actual = hash.digest('hex')
  if (actual !== checksum.hex) {
    await rm(part, {force: true})
    throw new CliError(
      'invalid',
      `The downloaded jar does not match the published ${checksum.algorithm} (expected ${checksum.hex}, got ${actual}); it was removed`,
      {
        hint: 'The download was corrupted or tampered with. Try again, or use another mirror (CONDUCTOR_MAVEN_REPO).',
      },
    )
  }
  await writeFile(sidecar, JSON.stringify(checksum))
  await rename(part, path)
  return path
}
