import {describe, expect, it} from 'vitest'
import {CliError} from '../../../src/lib/errors.js'
import {backendFromConfig, backendFromEnv, detectBackend} from '../../../src/lib/search/backend.js'
import {backendQuery} from '../../../src/lib/search/backend-sql.js'
import {compileSearch, type CompileOptions} from '../../../src/lib/search/compile.js'
import {passes} from '../../../src/lib/search/service.js'
import type {Summary} from '../../../src/lib/search/types.js'
import {mockServer} from '../../helpers/mock-server.js'

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0)
const pg = (query: string, options: Partial<CompileOptions> = {}) =>
  compileSearch(query, {kind: 'workflow', now: NOW, backend: 'postgres', ...options})
const lite = (query: string, options: Partial<CompileOptions> = {}) =>
  compileSearch(query, {kind: 'workflow', now: NOW, backend: 'sqlite', ...options})

function usage(fn: () => unknown): CliError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(CliError)
    expect((error as CliError).exitCode).toBe(2)
    return error as CliError
  }
  throw new Error('expected a usage error')
}

describe('which index answers: the server says through GET /api/admin/config', () => {
  it('reads --conductor.indexing.type from the command line `server start` runs', () => {
    const command = 'conductor-server-3.32.3-boot.jar --server.port=8160 --conductor.indexing.type=postgres'
    expect(backendFromConfig({'sun.java.command': command}).backend).toBe('postgres')
  })
  it('reads a -D system property', () => {
    expect(backendFromConfig({'conductor.indexing.type': 'sqlite'}).backend).toBe('sqlite')
    expect(backendFromConfig({'conductor.indexing.type': 'elasticsearch_v7'}).backend).toBe('elasticsearch')
  })
  it('the boot jar with no indexing type runs its default, SQLite; a config file leaves it unknown', () => {
    expect(backendFromConfig({'sun.java.command': '/x/conductor-server-3.32.3-boot.jar --server.port=1'}).backend).toBe(
      'sqlite',
    )
    const withFile = '/x/conductor-server-3.32.3-boot.jar --spring.config.location=/app/config.properties'
    expect(backendFromConfig({'sun.java.command': withFile}).backend).toBe('unknown')
    expect(backendFromConfig({}).backend).toBe('unknown')
  })
  it('CONDUCTOR_SEARCH_BACKEND overrides, and a wrong value is a usage error', () => {
    expect(backendFromEnv({CONDUCTOR_SEARCH_BACKEND: 'Postgres'})?.backend).toBe('postgres')
    expect(backendFromEnv({})).toBeUndefined()
    expect(usage(() => backendFromEnv({CONDUCTOR_SEARCH_BACKEND: 'mongo'})).message).toContain('sqlite, postgres')
  })
  const server = mockServer()
  it('a server without /admin/config (Orkes, a proxy) is unknown, not an error', async () => {
    server.pool().intercept({path: '/api/admin/config', method: 'GET'}).reply(404, {message: 'no'})
    expect((await detectBackend(server.client(), {})).backend).toBe('unknown')
  })
  it('asks the server once', async () => {
    server
      .pool()
      .intercept({path: '/api/admin/config', method: 'GET'})
      .reply(200, {'sun.java.command': 'x.jar --conductor.indexing.type=postgres'})
    expect(await detectBackend(server.client(), {})).toMatchObject({backend: 'postgres'})
  })
})

describe('free text per backend', () => {
  it('SQLite: a substring, sent as typed', () => {
    expect(lite('', {text: 'connection refused'}).freeText).toBe('connection refused')
  })
  it('Postgres: words in that order (a tsquery phrase), since the server hands it to to_tsquery', () => {
    expect(pg('', {text: 'connection refused'}).freeText).toBe('connection <-> refused')
    expect(pg('text="customer-42"').freeText).toBe('customer-42')
    expect(pg('', {text: 'timeout'}).freeText).toBe('timeout')
  })
  it('Postgres: tsquery operators and punctuation are refused, saying why', () => {
    const error = usage(() => pg('', {text: 'a & b'}))
    expect(error.message).toContain('Postgres')
    expect(error.message).toContain('&')
    usage(() => pg('', {text: "it's"}))
    usage(() => pg('', {text: 'fail!'}))
  })
  it('Postgres: a JSON object is a containment filter; malformed JSON is refused', () => {
    expect(pg('', {text: '{"correlationId":"x"}'}).freeText).toBe('{"correlationId":"x"}')
    expect(usage(() => pg('', {text: '{"a":'})).message).toContain('JSON')
  })
})

describe('what the server would widen is narrowed back or refused', () => {
  it('endTime< alone also matches unfinished executions (their end time is the epoch): endTime>0 is added', () => {
    expect(pg('endTime<2026-11-01').query).toBe(`endTime<${Date.UTC(2026, 10, 1)} AND endTime>0`)
    expect(lite('endTime<2026-11-01').query).toBe(`endTime<${Date.UTC(2026, 10, 1)} AND endTime>0`)
    expect(pg('endTime>2026-10-01 and endTime<2026-11-01').query).not.toContain('endTime>0')
  })
  it('_ and % in a wildcard value are any-character in SQL LIKE: the CLI re-checks each row', () => {
    const search = pg('workflow=order_*')
    expect(search.query).toBe('workflowType="order_*"')
    expect(search.clientFilters).toEqual([{field: 'workflowType', op: 'like', pattern: 'order_*', caseSensitive: true}])
    expect(lite('workflow=order_*').clientFilters).toEqual([
      {field: 'workflowType', op: 'like', pattern: 'order_*', caseSensitive: false},
    ])
    expect(pg('workflow=order*').clientFilters).toEqual([])
    const row = (workflowType: string) => ({workflowType}) as unknown as Summary
    const [filter] = search.clientFilters
    expect(filter && passes(filter, row('order_a'))).toBe(true)
    expect(filter && passes(filter, row('orderXa'))).toBe(false)
    expect(filter && passes(filter, row('ORDER_a'))).toBe(false)
  })
})

describe('backendQuery: the SQL the index builds, for --explain', () => {
  it('Postgres', () => {
    const search = pg('status in (FAILED, TIMED_OUT) and workflow=order* and since 1h', {text: 'card declined'})
    expect(backendQuery(search, 'postgres')).toBe(
      "SELECT json_data FROM workflow_index WHERE start_time > '2026-11-27T10:59:59.999Z'::TIMESTAMPTZ" +
        " AND status = ANY('{FAILED,TIMED_OUT}') AND workflow_type LIKE 'order%'" +
        " AND jsonb_to_tsvector('english', json_data, '[\"all\"]') @@ to_tsquery('card <-> declined')" +
        ' ORDER BY start_time DESC, workflow_id ASC',
    )
  })
  it('SQLite', () => {
    const search = lite('status in (FAILED, TIMED_OUT) and workflow=order*', {text: 'Card'})
    expect(backendQuery(search, 'sqlite')).toBe(
      "SELECT json_data FROM workflow_index WHERE lower(workflow_type) LIKE lower('order%') AND status IN ('FAILED','TIMED_OUT')" +
        " AND lower(json_data) LIKE '%card%' ORDER BY start_time DESC, workflow_id ASC",
    )
  })
})
