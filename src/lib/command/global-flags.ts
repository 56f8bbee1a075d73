import {Flags} from '@oclif/core'
import {durationFlag} from './flags.js'

/** Flags every command accepts, before or after the command words (see argv.ts). */
export const globalFlags = {
  server: Flags.string({
    summary: 'Conductor server URL, with or without /api (env CONDUCTOR_SERVER_URL).',
    helpGroup: 'GLOBAL',
  }),
  profile: Flags.string({
    summary: 'Profile to use: ~/.conductor-cli/config-NAME.yaml (env CONDUCTOR_PROFILE).',
    helpGroup: 'GLOBAL',
  }),
  config: Flags.string({
    summary: 'Read settings from this YAML file instead of a profile (environment variables are then ignored).',
    helpGroup: 'GLOBAL',
  }),
  'server-type': Flags.string({
    summary: 'OSS or Enterprise (env CONDUCTOR_SERVER_TYPE; default OSS); recorded for the Go CLI.',
    helpGroup: 'GLOBAL',
  }),
  'auth-key': Flags.string({summary: 'Orkes application key id (env CONDUCTOR_AUTH_KEY).', helpGroup: 'GLOBAL'}),
  'auth-secret': Flags.string({
    summary: 'Orkes application key secret (env CONDUCTOR_AUTH_SECRET).',
    helpGroup: 'GLOBAL',
  }),
  'auth-token': Flags.string({
    summary: 'A ready token instead of key + secret (env CONDUCTOR_AUTH_TOKEN).',
    helpGroup: 'GLOBAL',
  }),
  timeout: durationFlag({
    summary: 'How long to wait for each server response: 30s, 2m, or plain seconds (default 30s).',
    helpGroup: 'GLOBAL',
  }),
  'ca-file': Flags.string({summary: 'PEM bundle of extra CA certificates to trust for HTTPS.', helpGroup: 'GLOBAL'}),
  insecure: Flags.boolean({
    summary: 'Skip TLS certificate checks (prints a warning; never in production).',
    helpGroup: 'GLOBAL',
  }),
  verbose: Flags.boolean({
    char: 'v',
    summary: 'Log each HTTP request and response to stderr (secrets redacted).',
    helpGroup: 'GLOBAL',
  }),
  yes: Flags.boolean({
    char: 'y',
    summary: 'Do not ask for confirmation (required for changes that ask, when there is no terminal).',
    helpGroup: 'GLOBAL',
  }),
}

/** Global flags that take a value: argv.ts needs to know to move the value along with the flag. */
export const VALUE_FLAGS = new Set([
  '--server',
  '--profile',
  '--config',
  '--server-type',
  '--auth-key',
  '--auth-secret',
  '--auth-token',
  '--timeout',
  '--ca-file',
])
export const BOOLEAN_FLAGS = new Set(['--insecure', '--verbose', '-v', '--yes', '-y', '--json'])
