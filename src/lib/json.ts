/** JSON as parsed and as sent: the one Json type of the CLI (a leaf module: it imports nothing). */
export type Json = null | boolean | number | string | Json[] | {[key: string]: Json}
export type JsonObject = {[key: string]: Json}

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Sets a key as an own property. `obj[key] = v` with key `__proto__` would set the prototype and
 * drop the key (a user's inputParameters may hold one); JSON.parse and the server keep it.
 */
export function setOwn(obj: JsonObject, key: string, value: Json): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, {value, enumerable: true, writable: true, configurable: true})
  else obj[key] = value
}
