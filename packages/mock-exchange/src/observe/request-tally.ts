import type { RequestEvent } from '../context.js';
import { RestSeries, type RestUsage } from './rest-series.js';

/** What one API key saw: its requests, every Kraken error the exchange answered it, and its REST counter. */
export interface KeyReport {
  /** `<account id>#<n>`: the account and the key's position in it (the API key itself is not reported). */
  key: string;
  account: string;
  requests: number;
  /** Kraken error string → how many times the exchange answered it (faults' own answers are not errors). */
  errors: Record<string, number>;
  rest: RestUsage;
}

/** Faults injected, all keys and endpoints together. */
export interface FaultReport {
  /** Requests a fault struck (a request with latency and a lost answer counts once). */
  total: number;
  /** total ÷ all requests. */
  rate: number;
  /** Fault kind → requests it struck. */
  byKind: Record<string, number>;
  /** Endpoint → requests a fault struck. */
  byEndpoint: Record<string, number>;
}

interface KeyTally {
  key: string;
  account: string;
  requests: number;
  errors: Map<string, number>;
  rest: RestSeries;
}

/** Describes a known API key: its report label and its REST counter's cap and decay. */
export type KeyResolver = (
  apiKey: string,
) => { label: string; max: number; decayPerSecond: number } | undefined;

/** Counts requests by endpoint and key, the errors answered, the faults injected and each key's REST charges. */
export class RequestTally {
  readonly #keys = new Map<string, KeyTally>();
  readonly #byEndpoint = new Map<string, number>();
  readonly #faultsByKind = new Map<string, number>();
  readonly #faultsByEndpoint = new Map<string, number>();
  /** Errors of requests whose key the exchange does not know (or public calls), by error string. */
  readonly #otherErrors = new Map<string, number>();
  #requests = 0;
  #faulted = 0;

  constructor(
    private readonly resolve: KeyResolver,
    private readonly sampleLimit: number,
  ) {}

  /** Takes one request event. */
  record(event: RequestEvent): void {
    this.#requests += 1;
    bump(this.#byEndpoint, event.endpoint);
    this.#recordFault(event);
    const tally = event.apiKey === undefined ? undefined : this.#tally(event.apiKey, event.accountId ?? '');
    if (tally === undefined) {
      if (event.error !== undefined) bump(this.#otherErrors, event.error);
      return;
    }
    tally.requests += 1;
    if (event.error !== undefined) bump(tally.errors, event.error);
    if (event.restLevel !== undefined)
      tally.rest.record(event.time, event.restCost, event.restCostUnprocessed, event.restLevel);
  }

  /** Every key's figures, REST usage over [from, to]. */
  keys(from: number, to: number): KeyReport[] {
    return [...this.#keys.values()].map((tally) => ({
      key: tally.key,
      account: tally.account,
      requests: tally.requests,
      errors: Object.fromEntries(tally.errors),
      rest: tally.rest.usage(from, to),
    }));
  }

  /** REST counter samples per key label, as [time, level, cost, unprocessed] rows. */
  restRows(): Record<string, Array<[number, number, number, number]>> {
    return Object.fromEntries([...this.#keys.values()].map((tally) => [tally.key, tally.rest.rows()]));
  }

  /** The earliest REST sample of any key (the default start of a window). */
  firstSampleAt(): number | undefined {
    const times = [...this.#keys.values()].flatMap((tally) => tally.rest.firstAt ?? []);
    return times.length === 0 ? undefined : Math.min(...times);
  }

  requests(): { total: number; byEndpoint: Record<string, number>; otherErrors: Record<string, number> } {
    return {
      total: this.#requests,
      byEndpoint: Object.fromEntries(this.#byEndpoint),
      otherErrors: Object.fromEntries(this.#otherErrors),
    };
  }

  faults(): FaultReport {
    return {
      total: this.#faulted,
      rate: this.#requests === 0 ? 0 : this.#faulted / this.#requests,
      byKind: Object.fromEntries(this.#faultsByKind),
      byEndpoint: Object.fromEntries(this.#faultsByEndpoint),
    };
  }

  #recordFault(event: RequestEvent): void {
    const kinds = [
      ...(event.latencyMs > 0 ? ['latency'] : []),
      ...(event.fault === undefined ? [] : [event.fault]),
    ];
    if (kinds.length === 0) return;
    this.#faulted += 1;
    bump(this.#faultsByEndpoint, event.endpoint);
    for (const kind of kinds) bump(this.#faultsByKind, kind);
  }

  #tally(apiKey: string, account: string): KeyTally | undefined {
    let tally = this.#keys.get(apiKey);
    if (tally === undefined) {
      const known = this.resolve(apiKey);
      if (known === undefined) return undefined;
      tally = {
        key: known.label,
        account,
        requests: 0,
        errors: new Map(),
        rest: new RestSeries(known.max, known.decayPerSecond, this.sampleLimit),
      };
      this.#keys.set(apiKey, tally);
    }
    return tally;
  }
}

function bump(counts: Map<string, number>, name: string): void {
  counts.set(name, (counts.get(name) ?? 0) + 1);
}
