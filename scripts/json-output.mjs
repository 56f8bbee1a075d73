// Writes docs/json-output.md from the code's one table of --json shapes (dist/lib/command/json-shapes.js;
// run after the build). test/unit/command/json-shapes.test.ts fails when the file and the code disagree.
import {writeFileSync} from 'node:fs'
import {jsonOutputDoc} from '../dist/lib/command/json-shapes.js'

const file = new URL('../docs/json-output.md', import.meta.url)
writeFileSync(file, jsonOutputDoc())
console.log('wrote docs/json-output.md')
