#!/usr/bin/env node
// Regenerates schemas/validators.generated.cjs (the schemas compiled by ajv ahead of time) from
// schemas/*.schema.json; `npm run build` runs it. By hand, once the sources are compiled:
//   npx tsc -p tsconfig.build.json && node scripts/generate-validators.mjs
import {writeFileSync} from 'node:fs'

const {validatorsSource, validatorsFile} = await import('../dist/lib/definitions/schema-code.js')
writeFileSync(validatorsFile(), await validatorsSource())
console.log(`wrote ${validatorsFile()}`)
