#!/usr/bin/env node
// The baseline "empty oclif app with one command": resolves @oclif/core from the project's node_modules.
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
