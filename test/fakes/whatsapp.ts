// A fake WhatsApp gateway (Fonnte-style): checks the account token, records each message, and
// accepts, refuses or ignores it as the test says.
import { startFakeServer, type FakeServer } from './http-server.js';

export interface FakeWhatsApp extends FakeServer {
  token: string;
  mode: 'accept' | 'refuse' | 'error' | 'hang';
  messages: { target: string; message: string }[];
}

export async function startFakeWhatsApp(): Promise<FakeWhatsApp> {
  const server = await startFakeServer((request) => {
    if (request.headers.authorization !== fake.token) return { status: 401, body: { status: false, reason: 'invalid token' } };
    if (fake.mode === 'hang') return { status: 0, hang: true };
    if (fake.mode === 'error') return { status: 500, body: { status: false, reason: 'internal error' } };
    if (fake.mode === 'refuse') return { status: 200, body: { status: false, reason: 'target invalid' } };
    const { target, message } = JSON.parse(request.body) as { target: string; message: string };
    fake.messages.push({ target, message });
    return { status: 200, body: { status: true, detail: 'success! message in queue', id: [String(fake.messages.length)] } };
  });
  const fake: FakeWhatsApp = Object.assign(server, { token: 'wa-test-token', mode: 'accept' as const, messages: [] });
  return fake;
}
