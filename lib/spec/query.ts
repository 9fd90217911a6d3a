// What an API reads from a query value: text, coerced to the number or boolean the parameter's
// schema declares, when it is written as one. The reference server refuses other text where a
// number is declared (server/http/request-values.ts); the suite uses this to know whether a value
// it sends is valid once sent; the MSW handlers to validate the query they get.

/** How a number is written in a query: decimal digits, a leading `-` at most, and for a `number` a
 * decimal fraction; no `+`, exponent, hex or spaces. `1e3`, `0x10` and, for an integer, `2.0` are
 * text (Laravel's integer rule refuses them too), though a JavaScript `Number()` would read them. */
export const QUERY_NUMBER: Record<'integer' | 'number', RegExp> = { integer: /^-?\d+$/, number: /^-?\d+(\.\d+)?$/ };

export function queryValue(schema: object, text: string): unknown {
  const type = JSON.stringify(schema);
  if (/"type":"integer"/.test(type) && QUERY_NUMBER.integer.test(text)) return Number(text);
  if (/"type":"number"/.test(type) && QUERY_NUMBER.number.test(text)) return Number(text);
  if (/"type":"boolean"/.test(type) && /^(true|false)$/.test(text)) return text === 'true';
  return text;
}
