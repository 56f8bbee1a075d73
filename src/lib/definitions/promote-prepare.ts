import type {Connection} from '../client/build-client.js'
import type {ConductorClient} from '../client/client.js'
import {CliError} from '../errors.js'
import type {ExportKind} from './export.js'
import type {Endpoint, PromotionPlan} from './promote.js'

/** What `promote` was asked, as its flags give it. */
export interface PromoteAsk {
  from?: string | undefined
  to?: string | undefined
  fromServer?: string | undefined
  toServer?: string | undefined
  kind?: ExportKind | undefined
  allVersions: boolean
  keepSchedulesActive: boolean
  /** NAMES, with * and ? wildcards */
  names: string[]
}

/** Builds a client for a connection (the caller's transport settings; the caller closes it). */
export type Connect = (connection: Connection) => Promise<ConductorClient>

export interface Prepared {
  plan: PromotionPlan
  /** The target's client, for applying the plan. */
  target: ConductorClient
}

interface Side {
  endpoint: Endpoint
  connection: Connection
}

const ALL_KINDS: ExportKind[] = ['workflow', 'task', 'schedule', 'event-handler']

/** Reads both sides and plans what the target needs (promote.ts planPromotion). */
export async function preparePromotion(ask: PromoteAsk, connect: Connect): Promise<Prepared> {
  const source = await side(ask, 'from')
  const target = await side(ask, 'to')
  if (source.endpoint.server === target.endpoint.server)
    throw new CliError('usage', `The source and the target are the same server (${source.endpoint.server})`)
  const [{fetchDefinitions}, {planPromotion}, {wildcard}] = await Promise.all([
    import('./export.js'),
    import('./promote.js'),
    import('../text.js'),
  ])
  const sourceClient = await connect(source.connection)
  const targetClient = await connect(target.connection)
  const kinds = new Set<ExportKind>(ask.kind ? [ask.kind] : ALL_KINDS)
  const patterns = ask.names.map((p) => wildcard(p))
  const filters = {
    kinds,
    allVersions: ask.allVersions,
    name: patterns.length > 0 ? {test: (n: string) => patterns.some((p) => p.test(n))} : undefined,
  }
  const [sourceDefs, targetDefs] = await Promise.all([
    fetchDefinitions(sourceClient, kinds),
    fetchDefinitions(targetClient, kinds),
  ])
  const plan = await planPromotion(source.endpoint, target.endpoint, sourceDefs, targetDefs, filters, {
    keepSchedulesActive: ask.keepSchedulesActive,
  })
  return {plan, target: targetClient}
}

/** A plan saved with --dry-run --json, and a client for the target it was made for. */
export async function loadSavedPlan(file: string, ask: PromoteAsk, connect: Connect): Promise<Prepared> {
  if (ask.names.length > 0) throw new CliError('usage', 'With --plan, the names come from the plan; give no NAMES')
  const [{readFile}, {parsePlan}] = await Promise.all([import('node:fs/promises'), import('./promote.js')])
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new CliError(
      'usage',
      `Cannot read the plan ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    )
  }
  const plan = parsePlan(text, file)
  const target =
    ask.to || ask.toServer ? await side(ask, 'to') : await sideOf(plan.target.profile, plan.target.server, 'the plan')
  if (target.endpoint.server !== plan.target.server)
    throw new CliError('usage', `The plan was made for ${plan.target.server}, not ${target.endpoint.server}`, {
      hint: 'Make a new plan for this target, or drop --to/--to-server.',
    })
  return {plan, target: await connect(target.connection)}
}

async function side(ask: PromoteAsk, which: 'from' | 'to'): Promise<Side> {
  const profile = which === 'from' ? ask.from : ask.to
  const url = which === 'from' ? ask.fromServer : ask.toServer
  if (!profile && !url)
    throw new CliError(
      'usage',
      `Name the ${which === 'from' ? 'source' : 'target'}: --${which} PROFILE or --${which}-server URL`,
    )
  return sideOf(profile, url, `--${which}`)
}

/** Server and auth of one side: the profile's file (the environment is not used), a URL overriding its server. */
async function sideOf(profile: string | undefined, url: string | undefined, origin: string): Promise<Side> {
  const [{profileConnection}, {serverRoot}] = await Promise.all([
    import('../config/connection.js'),
    import('../config/server-url.js'),
  ])
  const connection = await profileConnection(profile, url, origin)
  return {endpoint: {server: serverRoot(connection.server), ...(profile ? {profile} : {})}, connection}
}
