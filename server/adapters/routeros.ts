// A small RouterOS API client (TCP, port 8728): logs in, then asks for a PPP secret and the active
// PPP session of one user. Every step has a bounded wait: a router that does not answer is
// reported unreachable, never awaited forever.
import { createHash } from 'node:crypto';
import { Socket } from 'node:net';
import { attributes, encodeSentence, SentenceReader } from './routeros-protocol.js';

export interface RouterAddress {
  host: string;
  port: number;
  username: string;
  password: string;
}

export interface PppSecret {
  name: string;
  profile: string | null;
  disabled: boolean;
}

export interface PppActive {
  name: string;
  address: string | null;
  uptime: string | null;
}

export interface PppState {
  secret: PppSecret | undefined;
  active: PppActive | undefined;
}

export interface RouterConnector {
  /** The PPP secret and active session of `user`; throws RouterUnreachableError when the router cannot be asked. */
  pppState(router: RouterAddress, user: string): Promise<PppState>;
}

export class RouterUnreachableError extends Error {
  override name = 'RouterUnreachableError';
}

interface Reply {
  type: string; // !re, !done, !trap, !fatal
  attributes: Record<string, string>;
}

class RouterSession {
  private readonly reader = new SentenceReader();
  private readonly replies: Reply[] = [];
  private waiting: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(private readonly socket: Socket, private readonly timeoutMs: number) {
    socket.on('data', (chunk: Buffer) => {
      for (const words of this.reader.push(chunk)) this.replies.push({ type: words[0] ?? '', attributes: attributes(words.slice(1)) });
      this.wake();
    });
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed by the router')));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  private async nextReply(): Promise<Reply> {
    const deadline = Date.now() + this.timeoutMs;
    while (this.replies.length === 0) {
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no answer within ${this.timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.replies.shift()!;
  }

  /** Sends a command; resolves with its !re replies once !done arrives. */
  async run(words: string[]): Promise<{ rows: Record<string, string>[]; done: Record<string, string> }> {
    this.socket.write(encodeSentence(words));
    const rows: Record<string, string>[] = [];
    for (;;) {
      const reply = await this.nextReply();
      if (reply.type === '!re') rows.push(reply.attributes);
      else if (reply.type === '!done') return { rows, done: reply.attributes };
      else if (reply.type === '!trap' || reply.type === '!fatal') throw new Error(`router refused ${words[0]}: ${reply.attributes.message ?? reply.type}`);
    }
  }

  async login(username: string, password: string): Promise<void> {
    const { done } = await this.run(['/login', `=name=${username}`, `=password=${password}`]);
    if (done.ret) {
      // RouterOS before 6.43: answer the MD5 challenge.
      const challenge = Buffer.from(done.ret, 'hex');
      const response = createHash('md5').update(Buffer.concat([Buffer.from([0]), Buffer.from(password), challenge])).digest('hex');
      await this.run(['/login', `=name=${username}`, `=response=00${response}`]);
    }
  }
}

export function routerOsConnector(options: { timeoutMs: number }): RouterConnector {
  return {
    async pppState(router, user) {
      const socket = new Socket();
      socket.setNoDelay(true);
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no connection within ${options.timeoutMs} ms`)), options.timeoutMs);
          socket.once('error', (error) => {
            clearTimeout(timer);
            reject(error);
          });
          socket.connect(router.port, router.host, () => {
            clearTimeout(timer);
            resolve();
          });
        });
        const session = new RouterSession(socket, options.timeoutMs);
        await session.login(router.username, router.password);
        const secrets = await session.run(['/ppp/secret/print', `?name=${user}`]);
        const active = await session.run(['/ppp/active/print', `?name=${user}`]);
        const secret = secrets.rows[0];
        const session0 = active.rows[0];
        return {
          secret: secret && { name: secret.name ?? user, profile: secret.profile ?? null, disabled: secret.disabled === 'true' || secret.disabled === 'yes' },
          active: session0 && { name: session0.name ?? user, address: session0.address ?? null, uptime: session0.uptime ?? null },
        };
      } catch (error) {
        throw new RouterUnreachableError(`${router.host}:${router.port}: ${(error as Error).message}`);
      } finally {
        socket.destroy();
      }
    },
  };
}
