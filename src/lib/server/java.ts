import {execFile} from 'node:child_process'
import {access, readdir, readFile} from 'node:fs/promises'
import {delimiter, join} from 'node:path'
import {promisify} from 'node:util'
import {CliError} from '../errors.js'

export interface JavaInstall {
  path: string
  major: number
  version: string
  source: 'JAVA_HOME' | 'PATH' | '/usr/lib/jvm'
}

/** The Java a server line needs: 3.34 and later are built for Java 25, earlier 3.x lines for 21. */
export function requiredJavaMajor(serverVersion: string): number {
  const [major = 0, minor = 0] = serverVersion.split('.').map((p) => Number.parseInt(p, 10))
  return major > 3 || (major === 3 && minor >= 34) ? 25 : 21
}

export function parseJavaVersion(text: string): {version: string; major: number} | undefined {
  const match = /(?:version|JAVA_VERSION=)\s*"([^"]+)"/.exec(text)
  if (!match?.[1]) return undefined
  const version = match[1]
  const parts = version.split(/[.+_-]/)
  const first = Number.parseInt(parts[0] ?? '', 10)
  const major = first === 1 ? Number.parseInt(parts[1] ?? '', 10) : first
  return Number.isFinite(major) ? {version, major} : undefined
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}

/** Reads the JDK's `release` file (cheap); falls back to running `java -version`. */
async function probe(javaBin: string, home: string | undefined): Promise<{version: string; major: number} | undefined> {
  if (home) {
    try {
      const parsed = parseJavaVersion(await readFile(join(home, 'release'), 'utf8'))
      if (parsed) return parsed
    } catch {}
  }
  try {
    const {stderr, stdout} = await promisify(execFile)(javaBin, ['-version'], {timeout: 10_000})
    return parseJavaVersion(stderr + stdout)
  } catch {
    return undefined
  }
}

/** Every Java found in JAVA_HOME, PATH and /usr/lib/jvm/*, deduplicated by binary path. */
export async function findJavas(
  env: NodeJS.ProcessEnv = process.env,
  jvmRoot = '/usr/lib/jvm',
): Promise<JavaInstall[]> {
  const candidates: {bin: string; home: string | undefined; source: JavaInstall['source']}[] = []
  if (env.JAVA_HOME)
    candidates.push({bin: join(env.JAVA_HOME, 'bin', 'java'), home: env.JAVA_HOME, source: 'JAVA_HOME'})
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean))
    candidates.push({bin: join(dir, 'java'), home: undefined, source: 'PATH'})
  try {
    for (const name of (await readdir(jvmRoot)).sort())
      candidates.push({bin: join(jvmRoot, name, 'bin', 'java'), home: join(jvmRoot, name), source: '/usr/lib/jvm'})
  } catch {}

  const seen = new Set<string>()
  const found: JavaInstall[] = []
  for (const c of candidates) {
    if (!(await exists(c.bin))) continue
    const {realpath} = await import('node:fs/promises')
    const real = await realpath(c.bin).catch(() => c.bin)
    if (seen.has(real)) continue
    seen.add(real)
    const info = await probe(c.bin, c.home)
    if (info) found.push({path: c.bin, major: info.major, version: info.version, source: c.source})
  }
  return found
}

/** The newest Java that satisfies the server line, or a clear error naming what was found. */
export async function pickJava(
  serverVersion: string,
  env: NodeJS.ProcessEnv = process.env,
  jvmRoot?: string,
): Promise<JavaInstall> {
  const needed = requiredJavaMajor(serverVersion)
  const all = await findJavas(env, jvmRoot)
  const fitting = all.filter((j) => j.major >= needed).sort((a, b) => b.major - a.major)
  if (fitting[0]) return fitting[0]
  const seen = all.length > 0 ? all.map((j) => `${j.version} (${j.path})`).join(', ') : 'none'
  throw new CliError('invalid', `Conductor ${serverVersion} needs Java ${needed} or newer; found: ${seen}`, {
    hint: `Install a JDK ${needed}+ (e.g. Temurin) and set JAVA_HOME to it.`,
  })
}
