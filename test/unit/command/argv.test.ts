import {describe, expect, it} from 'vitest'
import {reorderGlobalFlags} from '../../../src/lib/command/argv.js'

describe('reorderGlobalFlags', () => {
  it('moves leading global flags after the command words', () => {
    expect(reorderGlobalFlags(['--profile', 'prod', 'workflow', 'list'])).toEqual([
      'workflow',
      'list',
      '--profile',
      'prod',
    ])
    expect(reorderGlobalFlags(['--server=http://x', '--verbose', 'doctor'])).toEqual([
      'doctor',
      '--server=http://x',
      '--verbose',
    ])
  })
  it("moves the Go CLI's --config FILE and --server-type TYPE with their values", () => {
    expect(reorderGlobalFlags(['--config', 'c.yaml', '--server-type', 'OSS', '-y', 'task', 'delete', 'x'])).toEqual([
      'task',
      'delete',
      'x',
      '--config',
      'c.yaml',
      '--server-type',
      'OSS',
      '-y',
    ])
  })
  it('keeps a -- separator and what follows it last', () => {
    expect(reorderGlobalFlags(['--profile', 'p', 'worker', 'exec', 't', '--', 'cmd', '--profile'])).toEqual([
      'worker',
      'exec',
      't',
      '--profile',
      'p',
      '--',
      'cmd',
      '--profile',
    ])
  })
  it('leaves argv alone when nothing needs moving', () => {
    expect(reorderGlobalFlags(['workflow', 'list', '--profile', 'x'])).toEqual(['workflow', 'list', '--profile', 'x'])
    expect(reorderGlobalFlags(['--version'])).toEqual(['--version'])
    expect(reorderGlobalFlags(['--verbose', '--help'])).toEqual(['--verbose', '--help'])
  })
})
