import {mkdirSync, mkdtempSync, writeFileSync, chmodSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parseJavaVersion, pickJava, requiredJavaMajor} from '../../../src/lib/server/java.js'

function fakeJdk(root: string, name: string, version: string): void {
  mkdirSync(join(root, name, 'bin'), {recursive: true})
  writeFileSync(join(root, name, 'release'), `JAVA_VERSION="${version}"\n`)
  writeFileSync(join(root, name, 'bin', 'java'), '#!/bin/sh\nexit 1\n')
  chmodSync(join(root, name, 'bin', 'java'), 0o755)
}

describe('java discovery', () => {
  it('parses java -version output and release files', () => {
    expect(parseJavaVersion('openjdk version "17.0.15" 2025-04-15')).toEqual({version: '17.0.15', major: 17})
    expect(parseJavaVersion('java version "1.8.0_392"')).toEqual({version: '1.8.0_392', major: 8})
    expect(parseJavaVersion('JAVA_VERSION="25.0.3"')).toEqual({version: '25.0.3', major: 25})
    expect(parseJavaVersion('nothing')).toBeUndefined()
  })
  it('knows which Java each server line needs', () => {
    expect(requiredJavaMajor('3.32.1')).toBe(21)
    expect(requiredJavaMajor('3.21.14')).toBe(21)
    expect(requiredJavaMajor('3.34.0')).toBe(25)
    expect(requiredJavaMajor('4.0.0')).toBe(25)
  })
  it('picks the newest fitting JDK from /usr/lib/jvm-like roots', async () => {
    const root = mkdtempSync(join(tmpdir(), 'jvm-'))
    fakeJdk(root, 'jdk-17', '17.0.2')
    fakeJdk(root, 'jdk-21', '21.0.4')
    fakeJdk(root, 'jdk-25', '25.0.1')
    const env = {PATH: ''}
    expect((await pickJava('3.32.1', env, root)).major).toBe(25)
    expect((await pickJava('3.34.0', env, root)).path).toBe(join(root, 'jdk-25', 'bin', 'java'))
  })
  it('names what it found and what is needed when nothing fits', async () => {
    const root = mkdtempSync(join(tmpdir(), 'jvm-'))
    fakeJdk(root, 'jdk-17', '17.0.2')
    await expect(pickJava('3.32.1', {PATH: ''}, root)).rejects.toThrow(/needs Java 21 or newer; found: 17\.0\.2/)
    await expect(pickJava('3.32.1', {PATH: ''}, join(root, 'none'))).rejects.toThrow(/found: none/)
  })
})
