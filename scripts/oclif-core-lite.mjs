// What our sources import from '@oclif/core', taken from its own modules. The package index also
// loads the help renderer, execute/main and semver (47 modules, for a Node version check); the
// bundle (scripts/bundle.mjs) resolves '@oclif/core' here instead.
export * as Args from '@oclif/core/args'
export * as Flags from '@oclif/core/flags'
export {Command} from '@oclif/core/command'
export * as Errors from '@oclif/core/errors'
export {toConfiguredId, toStandardizedId} from '@oclif/core/util/ids'
