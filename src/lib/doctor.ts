import type {ConductorClient} from './client/client.js'
import {detectFlavour, health, serverVersion} from './client/system.js'
import {CliError} from './errors.js'

export interface Check {
  name: string
  ok: boolean
  detail: string
  hint?: string
}

export interface DoctorReport {
  server: string
  healthy: boolean
  version?: string | undefined
  flavour: 'oss' | 'orkes' | 'unknown'
  auth: string
  capabilities: Record<string, boolean>
  checks: Check[]
}

/** Probes one endpoint family: present unless the server answers 404 for the path. */
async function offers(client: ConductorClient, path: string): Promise<boolean> {
  const response = await client.raw('GET', path)
  return response.status !== 404 && response.status < 500
}

/** Reachability, version, auth and the API families the server offers, each with a hint on failure. */
export async function runDoctor(client: ConductorClient, authMode: string): Promise<DoctorReport> {
  const checks: Check[] = []
  const report: DoctorReport = {
    server: client.root + '/api',
    healthy: false,
    flavour: 'unknown',
    auth: authMode,
    capabilities: {},
    checks,
  }
  try {
    report.healthy = await health(client)
    checks.push({
      name: 'reachable',
      ok: true,
      detail: `${client.root} answered /health (${report.healthy ? 'healthy' : 'not healthy'})`,
    })
  } catch (error) {
    const e = error as CliError
    checks.push({name: 'reachable', ok: false, detail: e.message, ...(e.hint ? {hint: e.hint} : {})})
    return report
  }
  report.flavour = await detectFlavour(client)
  report.version = await serverVersion(client).catch(() => undefined)
  checks.push({
    name: 'version',
    ok: report.version !== undefined,
    detail: report.version ?? 'the server does not report a version',
  })
  try {
    await client.json('GET', '/metadata/workflow/names')
    checks.push({
      name: 'auth',
      ok: true,
      detail: report.flavour === 'oss' ? 'no authentication (OSS server)' : `authenticated (${authMode})`,
    })
  } catch (error) {
    const e = error as CliError
    checks.push({name: 'auth', ok: false, detail: e.message, ...(e.hint ? {hint: e.hint} : {})})
  }
  report.capabilities = {
    metadata: true,
    executions: true,
    bulk: true,
    search: await offers(client, '/workflow/search?size=1'),
    scheduler: await offers(client, '/scheduler/schedules'),
    'workflow-variables': report.flavour === 'orkes',
    'token-auth': report.flavour === 'orkes',
  }
  return report
}
