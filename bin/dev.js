#!/usr/bin/env node
// Development entry: runs from the compiled tree after `npm run build -- --watch` style builds,
// with oclif's development mode on (verbose errors, no manifest cache).
import {main} from '../dist/lib/command/main.js'

await main(process.argv.slice(2), import.meta.url, {development: true})
