import {chmod, mkdir, rename, rm, stat, writeFile} from 'node:fs/promises'
import {dirname} from 'node:path'

/** Tmp names unique to this process (the pid) and to each write in it; node:crypto costs 4-8 ms to load. */
let writes = 0
const tmpSuffix = () => `${process.pid}.${Date.now().toString(36)}.${(writes++).toString(36)}`

/** Write a file so that readers see either the old or the new content, never half of it. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), {recursive: true})
  const tmp = `${path}.${tmpSuffix()}.tmp`
  try {
    await writeFile(tmp, data, {mode})
    await chmod(tmp, mode)
    await rename(tmp, path)
  } catch (error) {
    await rm(tmp, {force: true})
    throw error
  }
}

/** True when group or others can read the file (a secret file should be 0600). */
export async function isReadableByOthers(path: string): Promise<boolean> {
  try {
    return ((await stat(path)).mode & 0o077) !== 0
  } catch {
    return false
  }
}
