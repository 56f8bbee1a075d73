import type {ConductorClient} from './client.js'

export interface ServerInfo {
  version: string | undefined
  healthy: boolean
  /** 'oss' when /api/token is absent (404), 'orkes' when it exists. */
  flavour: 'oss' | 'orkes' | 'unknown'
}

export async function serverVersion(client: ConductorClient): Promise<string | undefined> {
  const response = await client.raw('GET', '/version')
  return response.status === 200 && response.text.length < 100 ? response.text.trim() : undefined
}

export async function health(client: ConductorClient): Promise<boolean> {
  const response = await client.transport.send('GET', '/health')
  if (response.status !== 200) return false
  try {
    return (JSON.parse(response.text) as {healthy?: unknown}).healthy === true
  } catch {
    return false
  }
}

/** OSS has no /api/token (POST gives 404); Orkes answers it (400/401 without valid credentials). */
export async function detectFlavour(client: ConductorClient): Promise<ServerInfo['flavour']> {
  const response = await client.transport.send('POST', '/api/token', {body: {}, idempotent: true})
  if (response.status === 404) return 'oss'
  if (response.status < 500) return 'orkes'
  return 'unknown'
}
