// The small page of the browser test: an app's customer screen on the typed client, with the MSW
// handlers in the browser's service worker (msw/browser) instead of a server. The test drives it
// through `window.jwiPage`.
import { setupWorker } from 'msw/browser';
import { createJwiClient } from '../../../../generated/client.js';
// The browser test bundles the package's msw.js in place of this module (scripts/msw-bundle.ts).
import { createJwiMocks, type Operation } from '../../../../generated/msw.js';
import { renderCustomerScreen } from './customer-screen.js';

const jwi = createJwiMocks({ baseUrl: '/api' });
const worker = setupWorker(...jwi.handlers);
await worker.start({ onUnhandledRequest: 'error', quiet: true });

const root = document.getElementById('customer')!;
const api = `${location.origin}/api`;

const page = {
  /** Shows the customer screen signed in (or not), with the outcome of GET /customer a test chose, if any. */
  async showCustomer(options: { signedIn: boolean; outcome?: [Operation, number, string] }): Promise<void> {
    worker.resetHandlers();
    if (options.outcome) worker.use(jwi.outcome(...(options.outcome as Parameters<typeof jwi.outcome>)));
    await renderCustomerScreen(root, createJwiClient({ baseUrl: api, ...(options.signedIn ? { token: 'any-token' } : {}) }));
  },
  /** A login as the app sends it: the status and body the page gets. */
  async login(body: { identifier: string; password?: string }): Promise<{ status: number; body: unknown }> {
    const { response, data, error } = await createJwiClient({ baseUrl: api }).POST('/auth/login', { body: body as { identifier: string; password: string } });
    return { status: response.status, body: data ?? error };
  },
};

Object.assign(window, { jwiPage: page });
document.body.dataset.ready = 'true';
