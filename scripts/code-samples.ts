// Code samples for every operation, generated with httpsnippet from the spec's own request examples:
// the first named example of the request body, and the `example` of each parameter (a parameter
// marked `x-in-samples: false` is left out: an alternative selector that the example values of the
// others already cover). The samples call the production server with placeholders for the secrets
// (YOUR_TOKEN, YOUR_API_KEY); the docs show them as `x-codeSamples` (added when the docs are built:
// the contract bundle stays as openapi/ says).
import { HTTPSnippet, addTargetClient, type HarRequest } from 'httpsnippet';
import { listOperations, type Json, type JsonObject, type SpecOperation } from '../lib/spec/bundle.js';
import { exampleRequests, type ExampleRequest } from '../lib/spec/examples.js';

export const TOKEN_PLACEHOLDER = 'YOUR_TOKEN';
export const API_KEY_PLACEHOLDER = 'YOUR_API_KEY';

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

/** What one sample sends: the operation's first example request (lib/spec/examples.ts). */
export interface SampleRequest extends ExampleRequest {
  operation: SpecOperation;
}

// The rendered docs (Redocly) show a sample only under a label of their own language list: the tabs
// are curl, JavaScript (fetch), Node.js (the typed client, TypeScript), PHP (cURL), Python (requests),
// Java (OkHttp) and Go.
export const LANGUAGES = [
  { target: 'shell', client: 'curl', lang: 'curl', label: 'curl' },
  { target: 'javascript', client: 'fetch', lang: 'JavaScript', label: 'JavaScript' },
  { target: 'javascript', client: 'jwi-client', lang: 'Node.js', label: 'Node.js' },
  { target: 'php', client: 'curl', lang: 'PHP', label: 'PHP' },
  { target: 'python', client: 'requests', lang: 'Python', label: 'Python' },
  { target: 'java', client: 'okhttp', lang: 'Java', label: 'Java' },
  { target: 'go', client: 'native', lang: 'Go', label: 'Go' },
] as const;

/** The production server URL: the first of the spec's servers. */
export function productionUrl(spec: JsonObject): string {
  const url = String(((spec.servers as JsonObject[])[0] as JsonObject).url);
  if (!url.startsWith('https://')) throw new Error(`the first server of the spec is not the production one: ${url}`);
  return url;
}

/** The request a sample of this operation sends; throws when the spec lacks the examples it needs. */
export function sampleRequest(spec: JsonObject, operation: SpecOperation): SampleRequest {
  return { operation, ...exampleRequests(spec, operation, 'samples')[0]! };
}

/** The sample request as HAR, the input of httpsnippet. */
export function harRequest(spec: JsonObject, request: SampleRequest): HarRequest {
  const headers = [{ name: 'Accept', value: 'application/json' }];
  if (request.operation.security === 'bearer') headers.push({ name: 'Authorization', value: `Bearer ${TOKEN_PLACEHOLDER}` });
  if (request.operation.security === 'apiKey') headers.push({ name: 'X-MYWIFI-KEY', value: API_KEY_PLACEHOLDER });
  const body = request.body;
  let postData: HarRequest['postData'] = { mimeType: 'application/octet-stream' };
  if (body && 'json' in body) {
    headers.push({ name: 'Content-Type', value: 'application/json' });
    postData = { mimeType: 'application/json', text: JSON.stringify(body.json) };
  } else if (body) {
    postData = { mimeType: 'multipart/form-data', params: [{ name: body.file.field, fileName: body.file.fileName, contentType: body.file.contentType }] };
  }
  return {
    method: request.operation.method,
    url: productionUrl(spec) + request.operation.path,
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers,
    queryString: request.query.map(([name, value]) => ({ name, value: String(value) })),
    ...(body ? { postData } : {}),
    headersSize: -1,
    bodySize: -1,
  } as HarRequest;
}

// The typed client as an httpsnippet client: the same request, through createJwiClient of the
// package @jwi/api-client (the tarball `npm run pack` builds, which partners install). It gets the spec's path and the typed query through the converter's options.
interface JwiClientOptions { path: string; query: [string, Json][]; security: SpecOperation['security'] }

function literal(value: Json, indent = ''): string {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[\n${value.map((v) => inner + literal(v, inner)).join(',\n')},\n${indent}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`);
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner)}`).join(',\n')},\n${indent}}`;
}

/** The client package's name: what a partner installs (`npm install ./jwi-api-client-X.Y.Z.tgz`) and imports. */
export const CLIENT_PACKAGE = '@jwi/api-client';

let jwiClientAdded = false;
function addJwiClient(): void {
  if (jwiClientAdded) return;
  jwiClientAdded = true;
  addTargetClient('javascript', {
    info: { key: 'jwi-client', title: 'JWI typed client', link: '@jwi/api-client', description: 'createJwiClient (openapi-fetch) of the package @jwi/api-client' },
    convert: (request, options) => {
      const { path, query, security } = options as unknown as JwiClientOptions;
      const base = request.url.slice(0, request.url.length - path.length);
      const credential = security === 'bearer' ? `, token: '${TOKEN_PLACEHOLDER}'` : security === 'apiKey' ? `, apiKey: '${API_KEY_PLACEHOLDER}'` : '';
      const lines: string[] = [];
      const file = request.postData?.params?.[0];
      if (file?.fileName) lines.push("import { openAsBlob } from 'node:fs';");
      lines.push(`import { createJwiClient } from '${CLIENT_PACKAGE}';`, '');
      lines.push(`const jwi = createJwiClient({ baseUrl: '${base}'${credential} });`, '');
      if (file?.fileName) {
        lines.push(`const photo = await openAsBlob('${file.fileName}', { type: '${file.contentType}' });`);
        lines.push(`const { data, error, response } = await jwi.uploadProfilePhoto(photo, '${file.fileName}');`);
      } else {
        const init: JsonObject = {};
        if (query.length > 0) init.params = { query: Object.fromEntries(query) };
        if (request.postData?.jsonObj) init.body = request.postData.jsonObj as Json;
        const args = Object.keys(init).length > 0 ? `, ${literal(init)}` : '';
        lines.push(`const { data, error, response } = await jwi.${request.method}('${path}'${args});`);
      }
      lines.push('console.log(response.status, data ?? error);');
      return lines.join('\n');
    },
  });
}

// httpsnippet 3.0.10 writes a file part as its name (fetch), as a string (python) or as an empty
// part (PHP, Java, Go); only curl reads the file. These rewrite its output into a real upload of the
// file; each throws when httpsnippet's output no longer has the shape it rewrites.
type FileBody = { field: string; fileName: string; contentType: string };
function replaceOnce(source: string, pattern: RegExp, replacement: string, what: string): string {
  if (!pattern.test(source)) throw new Error(`code samples: httpsnippet's ${what} output changed; update the multipart rewrite (${pattern})`);
  return source.replace(pattern, replacement);
}
const multipartText = /"-----0110(?:[^"\\]|\\.)*"/; // httpsnippet's multipart body as a double-quoted string
const FILE_REWRITES: Record<string, (source: string, file: FileBody) => string> = {
  'shell/curl': (source) => source,
  'javascript/fetch': (source, f) =>
    "import { openAsBlob } from 'node:fs';\n\n" +
    replaceOnce(source, new RegExp(`form\\.append\\('${f.field}', '${f.fileName.replace('.', '\\.')}'\\);`),
      `form.append('${f.field}', await openAsBlob('${f.fileName}', { type: '${f.contentType}' }), '${f.fileName}');`, 'fetch'),
  'javascript/jwi-client': (source) => source,
  'php/curl': (source, f) => replaceOnce(
    replaceOnce(source, new RegExp(`CURLOPT_POSTFIELDS => ${multipartText.source},`), `CURLOPT_POSTFIELDS => ['${f.field}' => new CURLFile('${f.fileName}', '${f.contentType}', '${f.fileName}')],`, 'PHP'),
    /,\n\s*"content-type: multipart\/form-data[^"]*"/, '', 'PHP'),
  'python/requests': (source, f) =>
    replaceOnce(source, new RegExp(`"open\\('${f.fileName.replace('.', '\\.')}', 'rb'\\)"`), `("${f.fileName}", open("${f.fileName}", "rb"), "${f.contentType}")`, 'Python'),
  'java/okhttp': (source, f) => replaceOnce(
    replaceOnce(source, /MediaType mediaType = MediaType\.parse\("multipart[^\n]*\nRequestBody body = RequestBody\.create\(mediaType, "[^\n]*"\);/,
      `RequestBody body = new MultipartBody.Builder()\n  .setType(MultipartBody.FORM)\n  .addFormDataPart("${f.field}", "${f.fileName}", RequestBody.create(MediaType.parse("${f.contentType}"), new File("${f.fileName}")))\n  .build();`, 'Java'),
    /\n\s*\.addHeader\("content-type", "multipart\/form-data[^"]*"\)/, '', 'Java'),
  'go/native': (source, f) => [
    [/\t"strings"\n/, '\t"bytes"\n\t"mime/multipart"\n\t"net/textproto"\n\t"os"\n'],
    [new RegExp(`\\tpayload := strings\\.NewReader\\(${multipartText.source}\\)\\n`), [
      '\tphoto, err := os.ReadFile("' + f.fileName + '")',
      '\tif err != nil {',
      '\t\tpanic(err)',
      '\t}',
      '\tpayload := &bytes.Buffer{}',
      '\tform := multipart.NewWriter(payload)',
      '\tpart := textproto.MIMEHeader{}',
      `\tpart.Set("Content-Disposition", \`form-data; name="${f.field}"; filename="${f.fileName}"\`)`,
      `\tpart.Set("Content-Type", "${f.contentType}")`,
      '\twriter, _ := form.CreatePart(part)',
      '\tif _, err := writer.Write(photo); err != nil {',
      '\t\tpanic(err)',
      '\t}',
      '\tform.Close()',
      '',
    ].join('\n')],
    [/\treq\.Header\.Add\("content-type", "multipart\/form-data[^"]*"\)/, '\treq.Header.Add("Content-Type", form.FormDataContentType())'],
  ].reduce((code, [pattern, replacement]) => replaceOnce(code, pattern as RegExp, replacement as string, 'Go'), source),
};

/** httpsnippet's Go ignores every error (`res, _ := ...`), which go vet refuses and a partner should
 * not copy: each call that can fail checks its error. */
function goChecksErrors(source: string): string {
  return source.replace(/^(\t+)(\w+), _ := (.+)$/gm, (_, indent: string, name: string, call: string) =>
    `${indent}${name}, err := ${call}\n${indent}if err != nil {\n${indent}\tpanic(err)\n${indent}}`);
}

/** The samples of one operation, one per language, in the order of LANGUAGES. */
export function codeSamplesFor(spec: JsonObject, operation: SpecOperation): CodeSample[] {
  addJwiClient();
  const request = sampleRequest(spec, operation);
  const file = request.body && 'file' in request.body ? request.body.file : undefined;
  return LANGUAGES.map(({ target, client, lang, label }) => {
    const options = { indent: '  ', path: operation.path, query: request.query, security: operation.security };
    // A fresh HTTPSnippet per language: some of its clients change the prepared request they get.
    const output = new HTTPSnippet(harRequest(spec, request)).convert(target, client, options as never);
    if (typeof output !== 'string') throw new Error(`httpsnippet gave no ${target}/${client} sample for ${operation.operationId}`);
    const rewritten = file ? FILE_REWRITES[`${target}/${client}`]!(output, file) : output;
    const source = target === 'go' ? goChecksErrors(rewritten) : rewritten;
    return { lang, label, source: source.endsWith('\n') ? source : `${source}\n` };
  });
}

/** Every operation's samples, by operationId. */
export function codeSamples(spec: JsonObject): Map<string, CodeSample[]> {
  return new Map(listOperations(spec).map((operation) => [operation.operationId, codeSamplesFor(spec, operation)]));
}

/** A copy of the spec with the samples as `x-codeSamples` on each operation (what the docs render). */
export function withCodeSamples(spec: JsonObject): JsonObject {
  const copy = structuredClone(spec);
  for (const operation of listOperations(copy)) operation.definition['x-codeSamples'] = codeSamplesFor(copy, operation) as unknown as Json;
  return copy;
}
