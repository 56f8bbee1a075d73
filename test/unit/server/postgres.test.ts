import {chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {CliError} from '../../../src/lib/errors.js'
import {findPostgres, parsePostgresUrl, postgresEnv, postgresProperties} from '../../../src/lib/server/postgres.js'
import {startServer} from '../../../src/lib/server/manager.js'

describe('--postgres-url', () => {
  it('becomes a JDBC URL; the password goes to the environment, never to the command line or the display URL', () => {
    const target = parsePostgresUrl('postgres://app:s3cr%40t@db.internal:6543/orders?sslmode=require')
    expect(target).toMatchObject({
      jdbcUrl: 'jdbc:postgresql://db.internal:6543/orders?sslmode=require',
      displayUrl: 'postgres://app@db.internal:6543/orders',
      user: 'app',
      password: 's3cr@t',
    })
    const args = postgresProperties(target).join(' ')
    expect(args).not.toContain('s3cr')
    expect(args).toContain('--spring.datasource.url=jdbc:postgresql://db.internal:6543/orders?sslmode=require')
    expect(postgresEnv(target)).toEqual({SPRING_DATASOURCE_USERNAME: 'app', SPRING_DATASOURCE_PASSWORD: 's3cr@t'})
  })
  it('takes a JDBC URL with user and password parameters, and defaults port, user and database', () => {
    expect(parsePostgresUrl('jdbc:postgresql://h/db?user=u&password=p')).toMatchObject({
      jdbcUrl: 'jdbc:postgresql://h:5432/db',
      user: 'u',
      password: 'p',
    })
    expect(parsePostgresUrl('postgresql://h')).toMatchObject({displayUrl: 'postgres://conductor@h:5432/conductor'})
  })
  it('refuses what is not a Postgres URL', () => {
    for (const bad of ['not a url', 'mysql://h/db']) expect(() => parsePostgresUrl(bad)).toThrow(CliError)
  })
  it('puts the database, queues, index and the execution lock on Postgres', () => {
    const args = postgresProperties(parsePostgresUrl('postgres://h/db'))
    for (const p of [
      '--conductor.db.type=postgres',
      '--conductor.queue.type=postgres',
      '--conductor.indexing.type=postgres',
      '--conductor.workflow-execution-lock.type=postgres',
      '--conductor.app.workflow-execution-lock-enabled=true',
    ])
      expect(args).toContain(p)
    expect(args.join(' ')).not.toContain('taskDefCacheRefreshInterval')
  })
  it('several nodes re-read task definitions every second, not every minute', () => {
    const args = postgresProperties(parsePostgresUrl('postgres://h/db'), 2)
    expect(args).toContain('--conductor.postgres.taskDefCacheRefreshInterval=1s')
  })
})

function fakeBin(dir: string, tools: string[]): void {
  mkdirSync(dir, {recursive: true})
  for (const tool of tools) {
    const file = join(dir, tool)
    writeFileSync(file, '#!/bin/sh\necho "pg_ctl (PostgreSQL) 16.4"\n')
    chmodSync(file, 0o755)
  }
}

describe('finding Postgres binaries', () => {
  const ALL = ['initdb', 'pg_ctl', 'psql', 'createdb']
  it('looks in /usr/lib/postgresql/<major>/bin, newest major first', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pgroot-'))
    fakeBin(join(root, '15', 'bin'), ALL)
    fakeBin(join(root, '16', 'bin'), ALL)
    expect(await findPostgres({PATH: ''}, root)).toEqual({binDir: join(root, '16', 'bin'), version: '16.4'})
  })
  it('follows PATH symlinks to the directory that has every tool', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pgroot-'))
    fakeBin(join(root, 'real'), ALL)
    const onPath = join(root, 'path')
    mkdirSync(onPath)
    for (const tool of ['initdb', 'pg_ctl']) symlinkSync(join(root, 'real', tool), join(onPath, tool))
    expect(await findPostgres({PATH: onPath}, join(root, 'none'))).toMatchObject({binDir: join(root, 'real')})
  })
  it('finds nothing where there is nothing', async () => {
    expect(await findPostgres({PATH: ''}, join(tmpdir(), 'no-such-root'))).toBeUndefined()
  })
})

describe('server start: storage flags', () => {
  const base = {
    port: 8199,
    foreground: false,
    waitSeconds: 1,
    properties: [],
    env: {CONDUCTOR_CLI_HOME: mkdtempSync(join(tmpdir(), 'h-'))},
  }
  it('--nodes needs Postgres; --postgres-url needs --storage postgres; --foreground is SQLite only', async () => {
    await expect(startServer({...base, nodes: 2})).rejects.toThrow(/--nodes needs a database the nodes share/)
    await expect(startServer({...base, postgresUrl: 'postgres://h/db'})).rejects.toThrow(/need --storage postgres/)
    await expect(startServer({...base, storage: 'postgres', foreground: true})).rejects.toThrow(/--foreground/)
  })
})
