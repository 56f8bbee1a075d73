/**
 * Calls `probe` until `done` holds for its value or `ms` have passed, `intervalMs` apart, and returns
 * the last value either way: the caller asserts on it (or throws a message naming what never held).
 * For state the server reaches in its own time: an index entry, a parked task, a finished execution.
 */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  ms: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (done(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
