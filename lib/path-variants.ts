// Spellings of a documented path that are not it: case, a trailing or doubled slash, percent-encoded
// characters, dot segments, a path parameter, an encoded NUL. A server that matches paths loosely in
// one place and exactly in another (its router and its guards, say) answers some of them. Every
// implementation must refuse them all: the suite sends them (check path_variant_bypass) and the
// reference server's tests send them behind its base path.

/** Label and spelling of a path as the spec writes it (`/customer/profile-photo`), sent after the base URL's path. */
export const PATH_VARIANTS: readonly (readonly [string, (path: string) => string])[] = [
  ['upper-case path', (p) => p.toUpperCase()],
  ['one capital letter', (p) => p.replace(/[a-z](?=[^/]*$)/, (c) => c.toUpperCase())],
  ['trailing slash', (p) => `${p}/`],
  ['doubled slash', (p) => `/${p}`],
  ['doubled slash inside', (p) => p.replace(/\/(?=[^/]*$)/, '//')],
  ['percent-encoded slash', (p) => p.replace(/\/(?=[^/]*$)/, '%2F')],
  ['percent-encoded letter', (p) => p.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`)],
  ['percent-encoded letter, upper-case hex', (p) => p.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)],
  ['dot segment', (p) => `/.${p}`],
  ['dot-dot segment', (p) => `/x/..${p}`],
  ['percent-encoded dot segment', (p) => `/%2e${p}`],
  ['trailing dot segment', (p) => `${p}/.`],
  ['path parameter', (p) => `${p};x=1`],
  ['encoded NUL', (p) => `${p}%00`],
];
