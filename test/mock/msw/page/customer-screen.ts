// A screen of an app built on the typed client, as a frontend team would test it: what it shows
// for each answer of GET /customer (the customer, the not-subscribed state, the sign-in prompt).
// Framework-free, so that the same screen runs in vitest (msw/node) and in the page of the browser test.
import type { JwiClient } from '../../../../generated/client.js';

export interface CustomerView {
  state: 'customer' | 'not_subscribed' | 'signed_out' | 'error';
  text: string;
}

export async function customerScreen(jwi: JwiClient): Promise<CustomerView> {
  const { data, error, response } = await jwi.GET('/customer');
  if (data) return { state: 'customer', text: `${data.customer.name} · ${data.customer.no_services}` };
  if (error && 'status' in error && error.status === 'not_subscribed') return { state: 'not_subscribed', text: error.message };
  if (response.status === 401) return { state: 'signed_out', text: 'Silakan masuk.' };
  return { state: 'error', text: `Terjadi kesalahan (${response.status}).` };
}

/** Shows the view in `root`: the state as a data attribute, the text as its content. */
export async function renderCustomerScreen(root: HTMLElement, jwi: JwiClient): Promise<void> {
  const view = await customerScreen(jwi);
  root.dataset.state = view.state;
  root.textContent = view.text;
}
