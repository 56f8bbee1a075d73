/**
 * Every secret a test hands to the CLI contains this marker. CI collects all CLI output of the run
 * (CONDUCTOR_TEST_CAPTURE) and fails if the marker appears anywhere in it.
 */
export const SECRET_MARKER = 'TESTSECRET'
export const testSecret = (label: string): string =>
  `${SECRET_MARKER}-${label}-${Math.random().toString(36).slice(2, 10)}`
