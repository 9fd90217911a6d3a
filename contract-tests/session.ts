// What the phases share: the configuration, the contract, the results, and a way to send a request
// for an operation with the right credentials and have it checked.
import { randomBytes } from 'node:crypto';
import type { Check } from './checks/types.js';
import type { SuiteConfig } from './config.js';
import type { Contract, Operation } from './contract.js';
import { send, type ApiRequest, type Exchange } from './http.js';
import type { RecordOptions, Results } from './results.js';

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
}

/** A request without its method and path (the operation gives those). */
export type RequestParts = Omit<ApiRequest, 'method' | 'path'>;

export class Session {
  readonly world: World = {};
  private readonly byKey: Map<string, Operation>;

  constructor(readonly config: SuiteConfig, readonly contract: Contract, readonly results: Results) {
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

  /** Sends a request for `key` (e.g. 'GET /customer'), checks it, and returns the exchange. */
  async call(phase: string, name: string, key: string, request: RequestParts, checks: Check[] = [], options: RecordOptions = {}): Promise<Exchange> {
    const op = this.operation(key);
    const exchange = await send(this.config, { ...request, method: op.method, path: op.path });
    this.results.record(phase, name, op, exchange, checks, options);
    return exchange;
  }

  /** A unique email for a throwaway account. */
  static freshEmail(label: string): string {
    return `contract-${label}-${randomBytes(5).toString('hex')}@example.com`;
  }
}

/** The JSON body of an exchange, typed loosely for the scenarios. */
export const bodyOf = (exchange: Exchange): any => exchange.response?.json;
export const statusOf = (exchange: Exchange): number | undefined => exchange.response?.status;
