// The mock as a process of its own, for a test (lib/processes.ts starts it).
import { startServer, type RunningServer } from '../../lib/processes.js';

/** `npm run mock`; its baseUrl is the API's base URL on the mock (http://127.0.0.1:PORT/api). */
export async function startMock(): Promise<RunningServer> {
  const mock = await startServer('bash', ['mock/start.sh'], (port) => ({ MOCK_PORT: String(port) }), { readyPath: '/api/region' });
  return { ...mock, baseUrl: `${mock.baseUrl}/api` };
}
