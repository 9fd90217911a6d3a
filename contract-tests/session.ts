// What the phases share: the configuration, the contract, the results, and a way to send a request
// for an operation with the right credentials and have it checked.
import { randomBytes } from 'node:crypto';
import type { Check } from './checks/types.js';
import type { SuiteConfig } from './config.js';
import type { ContractModel, Operation } from './contract.js';
import { send, type ApiRequest, type Exchange } from './http.js';
import type { RecordOptions, Results } from './results.js';

export interface CallOptions extends RecordOptions {
  /** The step is there to reach the limit: a 429 is its answer, not a reason to wait. */
  expectsLimit?: boolean;
}

/** A 429 the step asked for (a limit it drives, a mock's `Prefer: code=429`) is its answer. */
const wantsLimit = (options: CallOptions) => options.expectsLimit === true || options.requestedOutcome === true;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Accounts and records the suite made (or was given) to exercise the target with. */
export interface World {
  /** A fresh account that subscribed: owns a customer record and a ticket. */
  customer?: { token: string; email: string; password: string; noServices: string };
  /** A fresh account without a customer record. */
  newcomer?: { token: string; email: string };
  companyId?: number;
  packageId?: number;
  idTypeId?: number;
  helpTypeId?: number;
  helpSolutionId?: number;
  ticket?: { id: number; noTicket: string };
  /** The configured billing customer's unpaid invoice, when there is one. */
  invoice?: number;
  /** Throwaway accounts whose sessions the session-changing operations end: one per operation,
   * logged in again for each request, with the password they have now. */
  sessionAccounts: Map<string, { email: string; password: string }>;
}

/** A request without its path (the operation gives it) and, unless a method the operation does not
 * have is the point, without its method. */
export type RequestParts = Omit<ApiRequest, 'method' | 'path'> & { method?: string };

export class Session {
  readonly world: World = { sessionAccounts: new Map() };
  private readonly byKey: Map<string, Operation>;
  /** Operation and caller pairs (see `limitKey`) the target refuses with 429 until a moment (epoch ms). */
  private readonly limitedUntil = new Map<string, number>();
  /** Generated requests sent per phase and operation (rate-limited operations have a budget). */
  private readonly generated = new Map<string, number>();
  /** Called with every exchange that got an answer (the world follows what its accounts did). */
  onExchange: ((key: string, request: RequestParts, exchange: Exchange) => void) | undefined;

  constructor(readonly config: SuiteConfig, readonly contract: ContractModel, readonly results: Results) {
    this.byKey = new Map(contract.operations.map((op) => [op.key, op]));
  }

  operation(key: string): Operation {
    const op = this.byKey.get(key);
    if (!op) throw new Error(`no operation ${key} in the spec`);
    return op;
  }

  /** The operations selected with --only (all when none is given). */
  get selected(): Operation[] {
    const only = this.config.only;
    return this.contract.operations.filter((op) => only.length === 0 || only.includes(op.tag) || only.includes(op.operationId));
  }

  /** Adds the credentials the operation needs (unless the request brings its own). */
  authorize<R extends RequestParts>(op: Operation, request: R, token = this.world.customer?.token): R {
    // A stateless mock checks only that credentials are present.
    const mock = this.config.profile === 'mock';
    const bearer = token ?? (mock ? 'mock-token' : undefined);
    const apiKey = this.config.apiKey ?? (mock ? 'mock-key' : undefined);
    const headers = { ...request.headers };
    if (op.security === 'bearer' && bearer && !('Authorization' in headers)) headers.Authorization = `Bearer ${bearer}`;
    if (op.security === 'apiKey' && apiKey && !('X-MYWIFI-KEY' in headers)) headers['X-MYWIFI-KEY'] = apiKey;
    return { ...request, headers };
  }

  /** Sends a request for `key` (e.g. 'GET /customer'), checks it, and returns the exchange. A 429
   * the operation documents is waited out (Retry-After within --max-wait) or, past that, ends the
   * step as rate-limited: its response is checked as any response is, the step's own expectations
   * are not (they are about a request the target did not process), and the operation is not sent
   * again until the Retry-After has passed. */
  async call(phase: string, name: string, key: string, request: RequestParts, checks: Check[] = [], options: CallOptions = {}): Promise<Exchange> {
    const op = this.operation(key);
    const exchange = await this.exchange(phase, op, request, options);
    if (exchange.unsent) return exchange;
    this.onExchange?.(op.key, request, exchange);
    const limited = exchange.response?.status === 429 && !wantsLimit(options) && op.responses.has('429');
    this.results.record(phase, name, op, exchange, limited ? [] : checks, options);
    return exchange;
  }

  /** Sends without recording; waits out a documented 429 when its Retry-After is within the bound. */
  async exchange(phase: string, op: Operation, request: RequestParts, options: CallOptions = {}): Promise<Exchange> {
    const target = { ...request, method: request.method ?? op.method, path: op.path };
    const limitKey = limitKeyOf(op, target);
    const until = this.limitedUntil.get(limitKey) ?? 0;
    if (!wantsLimit(options) && Date.now() < until) {
      this.results.limited(phase, op.key, undefined, false);
      return { request: target, url: '', unsent: 'rate-limited' };
    }
    for (let attempt = 1; ; attempt++) {
      const exchange = await send(this.config, target);
      const response = exchange.response;
      if (response?.status !== 429 || wantsLimit(options) || !op.responses.has('429')) return exchange;
      const retryAfter = Number(response.headers['retry-after']);
      const seconds = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined;
      if (seconds === undefined || seconds > this.config.maxWaitSeconds || attempt > 3) {
        this.limitedUntil.set(limitKey, Date.now() + (seconds ?? 60) * 1000);
        this.results.limited(phase, op.key, seconds, true);
        return exchange;
      }
      this.results.announce(`waiting ${seconds} s: ${op.key} answered 429 (Retry-After)`);
      await sleep(seconds * 1000 + 250);
      this.results.announce(undefined);
    }
  }

  /** Whether a generated request to `op` may still be sent in `phase`: operations that document 429
   * get at most --limited-requests each, so that the suite does not spend the budget it needs later
   * (or the budget of a second run) on generated data. */
  mayGenerate(phase: string, op: Operation): boolean {
    if (!op.responses.has('429')) return true;
    const key = `${phase} ${op.key}`;
    const sent = this.generated.get(key) ?? 0;
    if (sent >= this.config.limitedRequests) {
      this.results.skip(phase, `${op.key}: more generated requests`, `it is rate limited (documents 429): at most ${this.config.limitedRequests} per phase (--limited-requests)`);
      return false;
    }
    this.generated.set(key, sent + 1);
    return true;
  }

  /** A unique email for a throwaway account. */
  static freshEmail(label: string): string {
    return `contract-${label}-${randomBytes(5).toString('hex')}@example.com`;
  }
}

/** A 429 may be about the account a request names (a per-account limit) or about the client (a
 * per-client one): the suite stops sending for the operation and that caller only; if the limit was
 * the client's, the next caller learns it with one more 429. */
function limitKeyOf(op: Operation, request: ApiRequest): string {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const account = ['identifier', 'email', 'no_services'].map((field) => body[field]).find((value) => typeof value === 'string') ?? '';
  return `${op.key} ${request.headers?.Authorization ?? request.headers?.['X-MYWIFI-KEY'] ?? ''} ${String(account)}`;
}

/** The JSON body of an exchange, typed loosely for the scenarios. */
export const bodyOf = (exchange: Exchange): any => exchange.response?.json;
export const statusOf = (exchange: Exchange): number | undefined => exchange.response?.status;
