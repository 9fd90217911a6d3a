// The Postman collection and its two environments, generated from the bundle with openapi-to-postmanv2
// (folders by tag, `{{baseUrl}}`), then made runnable: the same query and body as the code samples
// (scripts/code-samples.ts), the values that differ between the sandbox and production as
// environment variables, a bearer token fetched by logging in when a request needs one, the values
// one request hands to the next (the sandbox's OTP, the ticket just opened, an unpaid invoice), and
// tests on each request that check its status.
import Converter from 'openapi-to-postmanv2';
import { deref, listOperations, type Json, type JsonObject, type SpecOperation } from '../lib/spec/bundle.js';
import { productionUrl, sampleRequest } from './code-samples.js';
import { DEMO_API_KEY, DEMO_CUSTOMERS, DEMO_PASSWORD } from '../server/demo/constants.js';

/** Operations whose example the sandbox (npm start, demo data) answers with another documented status. */
export const SANDBOX_STATUS: Record<string, { status: number; why: string }> = {
  subscribe: { status: 409, why: 'the demo login is a customer already' },
  changeIdCard: { status: 403, why: "the demo customer's identity document is verified" },
  changeEmail: { status: 403, why: "the demo customer's email is verified" },
  changeAddress: { status: 403, why: "the demo customer's address is verified" },
};

/** The status the sandbox answers an operation's example with: its success status, or SANDBOX_STATUS's. */
export function sandboxStatus(operation: SpecOperation): number {
  const listed = SANDBOX_STATUS[operation.operationId];
  if (listed) return listed.status;
  const success = Object.keys(operation.definition.responses as JsonObject).filter((s) => /^2\d\d$/.test(s)).sort()[0];
  if (!success) throw new Error(`${operation.operationId} documents no success status`);
  return Number(success);
}

export const documentedStatuses = (operation: SpecOperation): number[] =>
  Object.keys(operation.definition.responses as JsonObject).filter((s) => /^\d+$/.test(s)).map(Number);

// The values the environments set. Each request names them as {{variable}}.
const FIELD_VARIABLES: Record<string, Record<string, string>> = {
  login: { identifier: 'identifier', password: 'password' },
  registerUser: { email: '$randomEmail' },
  forgotPassword: { no_services: 'noServices' },
  verifyOtp: { no_services: 'noServices', otp: 'otp' },
  resetPassword: { no_services: 'noServices', otp: 'otp', password: 'password', password_confirmation: 'password' },
  changePassword: { current_password: 'password', password: 'password', password_confirmation: 'password' },
  getNetworkStatus: { no_services: 'noServices' },
  getTicketTimeline: { id: 'ticketId' },
  closeTicket: { id: 'ticketId' },
  getBillingDetail: { no_services: 'billingNoServices' },
  getUnpaidBills: { no_services: 'billingNoServices' },
  markInvoicePaid: { no_services: 'billingNoServices', invoice: 'invoice', reference_no: 'referenceNo' },
  testPush: { no_services: 'billingNoServices' },
  sendPush: { no_services: 'billingNoServices' },
};
// Sent unticked: without a period the billing reads find whichever invoices are unpaid now, so the
// collection can pay one on every run (the example's February 2026 is paid after the first).
const UNTICKED: Record<string, string[]> = { getBillingDetail: ['month', 'year'], getUnpaidBills: ['month', 'year'] };

// What a request's test script hands on, and the scripts that run before a request.
const TEST_SCRIPTS: Record<string, string[]> = {
  login: ["if (pm.response.code === 200) pm.collectionVariables.set('token', pm.response.json().token);"],
  refreshToken: ["if (pm.response.code === 200) pm.collectionVariables.set('token', pm.response.json().token);"],
  logout: ["pm.collectionVariables.unset('token'); // revoked: the next bearer request logs in again"],
  changePassword: ["pm.collectionVariables.unset('token'); // every token of the account is revoked"],
  resetPassword: ["pm.collectionVariables.unset('token'); // every token of the account is revoked"],
  forgotPassword: ["// A sandbox returns the OTP; in production it arrives by WhatsApp: set the variable otp by hand.", "if (pm.response.code === 200 && pm.response.json().otp) pm.collectionVariables.set('otp', pm.response.json().otp);"],
  createTicket: ["if (pm.response.code === 201) pm.collectionVariables.set('ticketId', pm.response.json().data.id);"],
  getBillingDetail: [
    '// The first unpaid invoice found is the one "Mark an invoice as paid" pays.',
    "const unpaid = pm.response.code === 200 ? pm.response.json().data.find((invoice) => invoice.status === 'BELUM BAYAR') : undefined;",
    "if (unpaid) pm.collectionVariables.set('invoice', String(unpaid.invoice));",
  ],
};
const PRE_REQUEST_SCRIPTS: Record<string, string[]> = {
  markInvoicePaid: ["pm.collectionVariables.set('referenceNo', 'POSTMAN-' + Date.now()); // the partner's own payment reference, new each time"],
};

// Before each request that needs a bearer token and has none: log in with {{identifier}} and {{password}}.
const LOGIN_SCRIPT = [
  "if (pm.request.auth && pm.request.auth.type === 'bearer' && !pm.collectionVariables.get('token')) {",
  '  pm.sendRequest({',
  "    url: pm.variables.replaceIn('{{baseUrl}}/auth/login'),",
  "    method: 'POST',",
  "    header: { 'Content-Type': 'application/json', Accept: 'application/json' },",
  "    body: { mode: 'raw', raw: JSON.stringify({ identifier: pm.variables.get('identifier'), password: pm.variables.get('password') }) },",
  '  }, (error, response) => {',
  "    if (error || response.code !== 200) return console.error('login failed', error || response.code);",
  "    pm.collectionVariables.set('token', response.json().token);",
  '  });',
  '}',
];

// Billing first (the partners' folders), the account operations last: they end the session.
const FOLDER_ORDER = ['Billing', 'Notification (API key)'];
const LAST_FOLDER = 'Auth';
// Within Auth, the session-ending requests last, so that a run logs in three times (see README).
const AUTH_ORDER = ['registerUser', 'login', 'uploadProfilePhoto', 'getCurrentUser', 'refreshToken', 'logout', 'changePassword', 'forgotPassword', 'verifyOtp', 'resetPassword'];

function convert(spec: JsonObject): Promise<JsonObject> {
  return new Promise((resolve, reject) => {
    // A copy: the converter writes into the document it is given (a `default` of "<string>",
    // "<integer>"... on every schema it resolves), and the docs are rendered from the same document.
    Converter.convert({ type: 'json', data: structuredClone(spec) }, {
      folderStrategy: 'Tags', parametersResolution: 'Example', includeAuthInfoInExample: false, enableOptionalParameters: true,
    }, (error: Error | null, result: { result: boolean; reason?: string; output?: { data: JsonObject }[] }) => {
      if (error) return reject(error);
      if (!result.result || !result.output?.[0]) return reject(new Error(`openapi-to-postmanv2: ${result.reason}`));
      resolve(result.output[0].data);
    });
  });
}

/** A value as the collection sends it: a variable where FIELD_VARIABLES names one. */
function withVariables(value: Json, variables: Record<string, string>): Json {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, key in variables ? `{{${variables[key]}}}` : withVariables(v, variables)]));
}

const script = (type: 'test' | 'prerequest', lines: string[]) => ({ listen: type, script: { type: 'text/javascript', exec: lines } });

// Random ids (openapi-to-postmanv2 makes new ones on every run) would make generated/ differ each time.
function withoutIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'id' && key !== '_postman_id').map(([key, v]) => [key, withoutIds(v)]));
}

export async function postmanCollection(spec: JsonObject): Promise<JsonObject> {
  const collection = withoutIds(await convert(spec)) as JsonObject;
  const operations = new Map(listOperations(spec).map((op) => [`${op.method} ${op.path}`, op]));
  const folders = collection.item as JsonObject[];
  for (const folder of folders) {
    for (const item of folder.item as JsonObject[]) {
      const request = item.request as JsonObject;
      const url = request.url as JsonObject;
      const path = `/${(url.path as string[]).join('/')}`;
      const operation = operations.get(`${String(request.method)} ${path}`);
      if (!operation) throw new Error(`Postman: ${String(request.method)} ${path} is no operation of the spec`);
      item.operationId = operation.operationId; // removed below, used for ordering
      const sample = sampleRequest(spec, operation);
      const variables = FIELD_VARIABLES[operation.operationId] ?? {};
      const sent = new Map(sample.query.map(([name, value]) => [name, value]));
      const unticked = UNTICKED[operation.operationId] ?? [];
      const examples = new Map(((operation.definition.parameters ?? []) as JsonObject[]).map((ref) => deref(spec, ref) as JsonObject).map((p) => [String(p.name), p.example]));
      url.query = ((url.query ?? []) as JsonObject[]).map((parameter) => {
        const key = String(parameter.key);
        const value = key in variables ? `{{${variables[key]}}}` : String(sent.get(key) ?? examples.get(key) ?? '');
        return { key, value, ...(parameter.description ? { description: parameter.description } : {}), disabled: !sent.has(key) || unticked.includes(key) };
      });
      const body = sample.body;
      if (body && 'json' in body) {
        // A numeric variable ({{ticketId}}) goes in unquoted, as the number the spec asks for.
        const raw = JSON.stringify(withVariables(body.json, variables), null, 2).replace(/"\{\{(ticketId)\}\}"/g, '{{$1}}');
        request.body = { mode: 'raw', raw, options: { raw: { language: 'json' } } };
      } else if (body) {
        request.body = { mode: 'formdata', formdata: [{ key: body.file.field, type: 'file', src: body.file.fileName, contentType: body.file.contentType }] };
        request.header = ((request.header ?? []) as JsonObject[]).filter((h) => String(h.key).toLowerCase() !== 'content-type');
      }
      if (operation.security === 'bearer') request.auth = { type: 'bearer', bearer: [{ key: 'token', value: '{{token}}', type: 'string' }] };
      const expected = sandboxStatus(operation);
      const why = SANDBOX_STATUS[operation.operationId]?.why;
      item.event = [
        ...(PRE_REQUEST_SCRIPTS[operation.operationId] ? [script('prerequest', PRE_REQUEST_SCRIPTS[operation.operationId]!)] : []),
        script('test', [
          `pm.test(${JSON.stringify(`status is ${expected}${why ? ` (sandbox: ${why})` : ''}`)}, function () {`,
          `  pm.response.to.have.status(${expected});`,
          '});',
          "pm.test('the status is one the operation documents', function () {",
          `  pm.expect(${JSON.stringify(documentedStatuses(operation))}).to.include(pm.response.code);`,
          '});',
          ...(TEST_SCRIPTS[operation.operationId] ?? []),
        ]),
      ] as Json;
    }
  }
  const auth = folders.find((f) => f.name === LAST_FOLDER)!;
  (auth.item as JsonObject[]).sort((a, b) => AUTH_ORDER.indexOf(String(a.operationId)) - AUTH_ORDER.indexOf(String(b.operationId)));
  if ((auth.item as JsonObject[]).some((i) => !AUTH_ORDER.includes(String(i.operationId)))) throw new Error('Postman: an Auth operation is missing from AUTH_ORDER');
  for (const folder of folders) for (const item of folder.item as JsonObject[]) delete item.operationId;
  const rank = (name: string) => (FOLDER_ORDER.includes(name) ? FOLDER_ORDER.indexOf(name) - FOLDER_ORDER.length : name === LAST_FOLDER ? 1 : 0);
  collection.item = [...folders].sort((a, b) => rank(String(a.name)) - rank(String(b.name))) as Json;
  collection.event = [script('prerequest', LOGIN_SCRIPT)] as Json;
  collection.variable = [
    { key: 'baseUrl', value: productionUrl(spec), type: 'string' },
    ...['token', 'otp', 'ticketId', 'invoice', 'referenceNo'].map((key) => ({ key, value: '', type: 'string' })),
  ] as Json;
  const info = collection.info as JsonObject;
  info.description = {
    type: 'text/markdown',
    content: [
      'Every operation of the JWI customer API, generated from its OpenAPI description (`generated/openapi.yaml`).',
      '',
      'Pick an environment: **JWI sandbox (npm start)** runs against the reference server with its demo data, the demo',
      'partner key and the demo login; **JWI production** has placeholders: put in your API key (and, for the app',
      "operations, a login). Requests that need a bearer token log in with `{{identifier}}` and `{{password}}` first.",
      '',
      "Each request's tests check its status: the status the sandbox answers (run the whole collection there), and that",
      'the status is one the operation documents. Do not run the whole collection against production: it registers an',
      'account, pays an invoice and sends pushes.',
    ].join('\n'),
  };
  return collection;
}

interface EnvironmentValue { key: string; value: string; type: 'default' | 'secret' }
const environment = (name: string, values: EnvironmentValue[]) => ({
  name, values: values.map((v) => ({ ...v, enabled: true })), _postman_variable_scope: 'environment',
});

/** The sandbox (`npm start`, with the demo key and login) and production (placeholders). */
export function postmanEnvironments(spec: JsonObject): { sandbox: JsonObject; production: JsonObject } {
  const [john, siti] = DEMO_CUSTOMERS;
  return {
    sandbox: environment('JWI sandbox (npm start)', [
      { key: 'baseUrl', value: 'http://127.0.0.1:3000/api', type: 'default' }, // npm start's address (localhost may resolve to ::1),
      { key: 'apiKey', value: DEMO_API_KEY, type: 'secret' },
      { key: 'identifier', value: john.email, type: 'default' },
      { key: 'password', value: DEMO_PASSWORD, type: 'secret' },
      { key: 'noServices', value: john.no_services, type: 'default' },
      { key: 'billingNoServices', value: siti.no_services, type: 'default' },
    ]),
    production: environment('JWI production', [
      { key: 'baseUrl', value: productionUrl(spec), type: 'default' },
      { key: 'apiKey', value: 'YOUR_API_KEY', type: 'secret' },
      { key: 'identifier', value: 'YOUR_EMAIL_OR_CUSTOMER_NUMBER', type: 'default' },
      { key: 'password', value: 'YOUR_PASSWORD', type: 'secret' },
      { key: 'noServices', value: 'YOUR_CUSTOMER_NUMBER', type: 'default' },
      { key: 'billingNoServices', value: 'CUSTOMER_NUMBER_TO_COLLECT', type: 'default' },
    ]),
  } as unknown as { sandbox: JsonObject; production: JsonObject };
}
