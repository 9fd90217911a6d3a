// The mock's `Prefer` header (Prism's words), honoured by the handlers: `code=404` picks a status,
// `example=not_subscribed` one of its named examples (`Prefer: code=404, example=not_subscribed`).
// Other preferences (Prism's `dynamic=true`) are left alone: the handlers answer with examples.
export interface Preference {
  code?: number;
  example?: string;
}

export function preferenceOf(request: Request): Preference | undefined {
  const header = request.headers.get('Prefer');
  if (!header) return undefined;
  const words = new Map(header.split(/[,;]/).map((part) => {
    const [name = '', value = ''] = part.split('=').map((s) => s.trim());
    return [name.toLowerCase(), value.replace(/^"(.*)"$/, '$1')];
  }));
  const code = words.get('code');
  const example = words.get('example');
  if (code === undefined && example === undefined) return undefined;
  return { ...(code !== undefined ? { code: Number(code) } : {}), ...(example !== undefined ? { example } : {}) };
}
