import {vi} from 'vitest'
import {buildClient, type Connection} from '../../../src/lib/client/build-client.js'
import type {ConductorClient} from '../../../src/lib/client/client.js'
import {BaseCommand} from '../../../src/lib/command/base-command.js'
import {runInProcess, type CommandClass, type InProcessRun} from '../../helpers/in-process.js'
import type {MockServer} from '../../helpers/mock-server.js'

/**
 * Like runInProcess, but the client is built by the real buildClient from the command's connection
 * (auth key + secret exchanged, token sent), sending through the test's MockAgent instead of the network.
 */
export async function runConnected(command: CommandClass, argv: string[], server: MockServer): Promise<InProcessRun> {
  const base = BaseCommand.prototype as unknown as {buildClient: (c: Connection) => Promise<ConductorClient>}
  vi.spyOn(base, 'buildClient').mockImplementation(async (connection: Connection) => {
    const client = await buildClient(connection, {userAgent: 'conductor-cli/test', dispatcher: server.agent})
    client.close = async () => {}
    return client
  })
  return runInProcess(command, argv)
}
