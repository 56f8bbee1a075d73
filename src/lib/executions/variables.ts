import {ApiError} from '../client/api-error.js'
import type {ConductorClient} from '../client/client.js'
import type {JsonObject} from '../client/types.js'
import {detectFlavour} from '../client/system.js'
import {CliError} from '../errors.js'
import {noSuchExecution, updateVariables} from './service.js'

/**
 * Orkes only. On OSS the path does not exist (404 "No static resource …"); the /api/token probe tells
 * the two 404s apart when the message is not conclusive.
 */
export async function setVariables(client: ConductorClient, id: string, variables: JsonObject): Promise<void> {
  try {
    await updateVariables(client, id, variables)
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error
    const noRoute = /No static resource/i.test(error.serverMessage ?? '')
    if (noRoute || (!/No such workflow/i.test(error.serverMessage ?? '') && (await detectFlavour(client)) === 'oss'))
      throw new CliError('notFound', 'this server (Conductor OSS) has no workflow-variables API', {
        hint: 'Variables can be changed only from inside the workflow (a SET_VARIABLE task) on Conductor OSS; Orkes Conductor offers this API.',
        cause: error,
      })
    throw noSuchExecution(error, id)
  }
}
