// Walks a JSON value without recursion: a value nested tens of thousands of levels deep (a body a
// client sent, an answer a target gave) must be walked, not overflow the stack.

/** Visits every value inside `value`, the root at depth 1, each with the property that holds it
 * (undefined for the root and for an item of a list). `visit` returning true stops the walk, and
 * walkJson then returns true. */
export function walkJson(value: unknown, visit: (item: unknown, key: string | undefined, depth: number) => boolean | void): boolean {
  const pending: [unknown, string | undefined, number][] = [[value, undefined, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, key, depth] = next;
    if (visit(item, key, depth) === true) return true;
    if (Array.isArray(item)) for (const inner of item) pending.push([inner, undefined, depth + 1]);
    else if (item !== null && typeof item === 'object') for (const [name, inner] of Object.entries(item)) pending.push([inner, name, depth + 1]);
  }
  return false;
}
