import {execFile} from 'node:child_process'
import {promisify} from 'node:util'
import {findJavas} from './server/java.js'

export interface RuntimeReport {
  /** The newest Java found (JAVA_HOME, PATH, /usr/lib/jvm), which `server start` would consider. */
  java?: {version: string; major: number; path: string; source: string} | undefined
  /** python3 (or python) on PATH: optional, for the Python SDK. */
  python?: {version: string; path: string} | undefined
}

/** The local runtime the Go CLI's doctor checks: Java for a local server, Python for the SDK. */
export async function checkRuntime(env: NodeJS.ProcessEnv = process.env): Promise<RuntimeReport> {
  const [java, python] = await Promise.all([newestJava(env), findPython(env)])
  return {
    ...(java ? {java: {version: java.version, major: java.major, path: java.path, source: java.source}} : {}),
    ...(python ? {python} : {}),
  }
}

/** JAVA_HOME and PATH first (one `java -version` each, as the Go CLI runs); /usr/lib/jvm only when they have no Java 21+. */
async function newestJava(env: NodeJS.ProcessEnv) {
  const newest = (all: Awaited<ReturnType<typeof findJavas>>) => [...all].sort((a, b) => b.major - a.major)[0]
  const onPath = newest(await findJavas(env, '/nonexistent').catch(() => []))
  // too old for a server (or none): `server start` also looks in /usr/lib/jvm, so doctor does too
  if (onPath && onPath.major >= 21) return onPath
  return newest(await findJavas(env).catch(() => [])) ?? onPath
}

async function findPython(env: NodeJS.ProcessEnv): Promise<RuntimeReport['python']> {
  for (const name of ['python3', 'python']) {
    try {
      const {stdout, stderr} = await promisify(execFile)(name, ['--version'], {timeout: 5000, env})
      const version =
        `${stdout}${stderr}`
          .trim()
          .split('\n')[0]
          ?.replace(/^Python\s+/, '') ?? ''
      return {version, path: name}
    } catch {}
  }
  return undefined
}
