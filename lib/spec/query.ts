// What an API reads from a query value: text, coerced to the number or boolean the parameter's
// schema declares (the reference server's validator does the same). The suite uses it to know
// whether a value it sends is valid once sent; the MSW handlers to validate the query they get.
export function queryValue(schema: object, text: string): unknown {
  const type = JSON.stringify(schema);
  if (/"type":"(integer|number)"/.test(type) && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/"type":"boolean"/.test(type) && /^(true|false)$/.test(text)) return text === 'true';
  return text;
}
