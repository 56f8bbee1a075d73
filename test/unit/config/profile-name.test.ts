import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {profilePath} from '../../../src/lib/config/profiles.js'
import {resolveConfig} from '../../../src/lib/config/resolve.js'
import {CliError} from '../../../src/lib/errors.js'

describe('profile names are names, never paths (issue 14, item 19)', () => {
  it('refuses a --profile that climbs out of the config directory, before reading anything', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cfg-escape-'))
    const home = join(root, 'a', 'home')
    mkdirSync(home, {recursive: true})
    // where `config-/../../x.yaml` under the home lands
    writeFileSync(join(root, 'x.yaml'), 'server: http://outside:1/api\n')
    const attempt = resolveConfig({profile: '/../../x'}, {CONDUCTOR_CLI_HOME: home})
    await expect(attempt).rejects.toBeInstanceOf(CliError)
    await expect(attempt).rejects.toMatchObject({kind: 'usage', exitCode: 2})
    await expect(attempt).rejects.toThrow(/Invalid profile name/)
  })

  it('refuses the same name from CONDUCTOR_PROFILE', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cfg-escape-'))
    const home = join(root, 'home')
    mkdirSync(home)
    writeFileSync(join(root, 'x.yaml'), 'server: http://outside:1/api\n')
    await expect(resolveConfig({}, {CONDUCTOR_CLI_HOME: home, CONDUCTOR_PROFILE: '/../x'})).rejects.toThrow(
      /Invalid profile name/,
    )
  })

  it('accepts letters, digits, -, _ and . and refuses separators and NUL', () => {
    const env = {CONDUCTOR_CLI_HOME: '/h'}
    expect(profilePath('prod-eu_1.b', env)).toBe('/h/config-prod-eu_1.b.yaml')
    for (const bad of ['a/b', 'a\\b', '..', '.hidden', '', 'a\0b', 'x y'])
      expect(() => profilePath(bad, env), bad).toThrow(/Invalid profile name/)
  })
})
