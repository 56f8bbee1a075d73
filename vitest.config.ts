import {defineConfig} from 'vitest/config'

/**
 * Four projects:
 * - unit: no network, no server (undici MockAgent); seconds.
 * - smoke: a few end-to-end checks against a real server that `conductor server start` launches.
 *   `npm test` runs unit + smoke, on a fresh clone with nothing beside it.
 * - integration: the full real-server suite (test/integration, test/e2e), run by .ci/run.
 * - corpus: conformance on ../shared/corpus (real definitions), run by .ci/run where it exists.
 */
const realServer = {
  environment: 'node' as const,
  globalSetup: ['test/helpers/real-server.ts'],
  testTimeout: 120_000,
  hookTimeout: 300_000,
  fileParallelism: false,
}

export default defineConfig({
  test: {
    // `npm run test:coverage`: lines in src/ reached by the unit project: 58.97% before the in-process command tests, 98.37% after (issue 15 asks 85%)
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: {lines: 90},
    },
    projects: [
      {test: {name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node'}},
      {test: {name: 'smoke', include: ['test/smoke/**/*.test.ts'], ...realServer}},
      {test: {name: 'integration', include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'], ...realServer}},
      {test: {name: 'corpus', include: ['test/corpus/**/*.test.ts'], environment: 'node', testTimeout: 60_000}},
    ],
  },
})
