/**
 * Sets `o[key] = value` as an own, enumerable data property for every key,
 * `__proto__` included: plain assignment of `__proto__` would change the
 * object's prototype (or be ignored for a primitive value) and drop a column
 * of that name from a row object. Rows stay ordinary objects.
 */
export function setOwn<V>(o: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}
