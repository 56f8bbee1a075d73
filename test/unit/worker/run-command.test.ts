import {describe, expect, it} from 'vitest'
import {findExecutable, runCommand} from '../../../src/lib/worker/run-command.js'

const node = (source: string, args: string[] = []) => ({command: process.execPath, args: ['-e', source, ...args]})
const env = {PATH: process.env.PATH ?? '', TASK_ID: 't1'}

describe('runCommand', () => {
  it('gives stdin, env and argv as they are (no shell) and collects stdout and stderr lines', async () => {
    const run = await runCommand(
      node(
        'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{console.error("one\\ntwo");process.stdout.write(JSON.stringify({s,id:process.env.TASK_ID,argv:process.argv.slice(1)}))})',
        ['$(echo hi)', '*', '; ls'],
      ),
      {stdin: '{"x":"ü"}', env},
    )
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({s: '{"x":"ü"}', id: 't1', argv: ['$(echo hi)', '*', '; ls']})
    expect(run.stderrLines).toEqual(['one', 'two'])
  })

  it('kills on timeout (SIGTERM, then SIGKILL for a command that ignores it)', async () => {
    const started = Date.now()
    const run = await runCommand(node('process.on("SIGTERM",()=>{});setInterval(()=>{},1000)'), {
      stdin: '',
      env,
      timeoutMs: 300,
      killGraceMs: 300,
    })
    expect(run.timedOut).toBe(true)
    expect(run.signal).toBe('SIGKILL')
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('bounds the log lines and survives a command that does not read stdin', async () => {
    const run = await runCommand(node('for (let i = 0; i < 300; i++) console.error("l" + i)'), {
      stdin: 'x'.repeat(1 << 20),
      env,
    })
    expect(run.exitCode).toBe(0)
    expect(run.stderrLines).toHaveLength(200)
    expect(run.droppedLines).toBe(100)
    expect(run.stderrTail.split('\n').at(-1)).toBe('l299')
  })

  it('reports a command that cannot be started', async () => {
    const run = await runCommand({command: '/nonexistent/program', args: []}, {stdin: '', env})
    expect(run.error).toBe('cannot run /nonexistent/program: no such command')
  })

  it('finds executables on PATH or by path', async () => {
    expect(await findExecutable('node')).toBeTruthy()
    expect(await findExecutable(process.execPath)).toBe(process.execPath)
    expect(await findExecutable('no-such-program-xyz')).toBeUndefined()
    expect(await findExecutable('./no/such')).toBeUndefined()
  })
})
