/** The one comparator of the rendering's sorts: code-unit order, the same on every machine. */

/** Code-unit order of two strings, as `<` compares them (`localeCompare` would depend on the locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A comparator of values by a text key: `list.sort(byText((x) => x.name))`. */
export function byText<T>(key: (x: T) => string): (a: T, b: T) => number {
  return (a, b) => compareText(key(a), key(b));
}
