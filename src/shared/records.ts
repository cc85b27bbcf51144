/**
 * Plain objects keyed by names from the user's files. Assigning `obj[key] = value` with the
 * key `__proto__` sets the object's prototype instead of adding an entry (the entry
 * vanishes, and the object inherits whatever was assigned); every other name is an own
 * property either way. Objects built here stay ordinary objects, as JSON.parse makes them:
 * a prototype-less object breaks code that calls `valueOf` or `hasOwnProperty` on what it
 * is given (ajv's uniqueItems check does).
 */

/** Sets `key` as an own, enumerable property of `obj`, whatever the key. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    obj[key] = value;
  }
}

/** `obj[key]` when `key` is the object's own entry; never a property every object has. */
export function getOwn<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}
