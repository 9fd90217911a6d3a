// A simulated MikroTik router speaking the RouterOS API on 127.0.0.1: login (the current plain
// form, or the pre-6.43 MD5 challenge), `/ppp/secret/print` and `/ppp/active/print` with `?name=`
// queries. It can also accept connections and never answer, to exercise the client's timeout.
// The tests use it as their wire-level double; the demo (SEED_DEMO) runs one as its router RT-01.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { attributes, encodeSentence, SentenceReader } from '../adapters/routeros-protocol.js';

export interface RouterSimulatorOptions {
  username?: string;
  password?: string;
  legacyLogin?: boolean;
}

export interface RouterSimulator {
  host: string;
  port: number;
  username: string;
  password: string;
  secrets: Map<string, { profile: string; disabled?: boolean }>;
  active: Map<string, { address: string; uptime: string }>;
  /** Accept connections but never answer. */
  silent: boolean;
  commands: string[][];
  close(): Promise<void>;
}

export async function startRouterSimulator(options: RouterSimulatorOptions = {}): Promise<RouterSimulator> {
  const sockets = new Set<Socket>();
  const fake = {
    host: '127.0.0.1',
    port: 0,
    username: options.username ?? 'api',
    password: options.password ?? 'secret',
    secrets: new Map(),
    active: new Map(),
    silent: false,
    commands: [] as string[][],
  } as Omit<RouterSimulator, 'close'>;

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const reader = new SentenceReader();
    let loggedIn = false;
    const challenge = randomBytes(16);
    const send = (...sentences: string[][]) => socket.write(Buffer.concat(sentences.map(encodeSentence)));
    socket.on('data', (chunk: Buffer) => {
      for (const words of reader.push(chunk)) {
        fake.commands.push(words);
        if (fake.silent) continue;
        const [command, ...rest] = words;
        const args = attributes(rest);
        const query = Object.fromEntries(rest.filter((w) => w.startsWith('?')).map((w) => w.slice(1).split('=') as [string, string]));
        if (command === '/login') {
          if (options.legacyLogin && !args.response) {
            send(['!done', `=ret=${challenge.toString('hex')}`]);
            continue;
          }
          const expected = options.legacyLogin
            ? `00${createHash('md5').update(Buffer.concat([Buffer.from([0]), Buffer.from(fake.password), challenge])).digest('hex')}`
            : fake.password;
          loggedIn = args.name === fake.username && (options.legacyLogin ? args.response : args.password) === expected;
          send(loggedIn ? ['!done'] : ['!trap', '=message=invalid user name or password (6)'], ...(loggedIn ? [] : [['!done']]));
          continue;
        }
        if (!loggedIn) {
          send(['!trap', '=message=not logged in'], ['!done']);
          continue;
        }
        const table = command === '/ppp/secret/print' ? fake.secrets : command === '/ppp/active/print' ? fake.active : undefined;
        if (!table) {
          send(['!trap', '=message=no such command prefix'], ['!done']);
          continue;
        }
        const rows = [...table.entries()].filter(([name]) => query.name === undefined || query.name === name);
        send(...rows.map(([name, row], i) => ['!re', `=.id=*${i + 1}`, `=name=${name}`, ...Object.entries(row).map(([k, v]) => `=${k}=${String(v)}`)]), ['!done']);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = (server.address() as { port: number }).port;
  return Object.assign(fake, {
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  });
}
