import { Rng } from '../core/random.js';

/**
 * Fault kinds, by where they strike:
 * - before processing (nothing happens on the exchange): `http-5xx`, `service-unavailable` (EService:Unavailable),
 *   `service-busy` (EService:Busy), `throttled` (EService: Throttled: <ts>), `connection-reset` (the adapter
 *   drops the connection);
 * - after processing: `lost-response` (the request takes effect, the adapter drops the answer);
 * - `latency`: the adapter waits `latencyMs` before answering.
 */
export type FaultKind =
  | 'latency'
  | 'http-5xx'
  | 'service-unavailable'
  | 'service-busy'
  | 'throttled'
  | 'connection-reset'
  | 'lost-response';

/** A fault to inject: which kind, on which endpoints, how often and how many times. */
export interface FaultRule {
  kind: FaultKind;
  /** Endpoint names (`AddOrder`) this applies to; omitted or `*` = every endpoint. */
  endpoints?: readonly string[] | string;
  /** Chance per matching request, drawn from the exchange's seeded stream (default 1: always). */
  probability?: number;
  /** Fire at most this many times, then the rule is removed (default: unlimited). */
  times?: number;
  /** For `latency`. */
  latencyMs?: number;
  /** For `http-5xx` (default 503). */
  status?: number;
}

export type TerminalFault =
  | { kind: 'http-5xx'; status: number }
  | { kind: 'service-unavailable' | 'service-busy' | 'throttled' | 'connection-reset' };

/** What the faults decided for one request. */
export interface FaultDecision {
  latencyMs: number;
  /** Answer without processing. */
  terminal: TerminalFault | undefined;
  /** Process, then drop the answer. */
  loseResponse: boolean;
}

const NONE: FaultDecision = { latencyMs: 0, terminal: undefined, loseResponse: false };

interface LiveRule {
  rule: FaultRule;
  remaining: number;
}

/** The refusal a conditional close gets when the fault names none. */
export const DEFAULT_CLOSE_REFUSAL = 'EService:Unavailable';

/**
 * Seeded fault injection per endpoint: rules from config plus rules added on demand by tests; and one fault of the
 * exchange's own order handling, on demand: conditional closes not created.
 */
export class FaultInjector {
  readonly #rules: LiveRule[] = [];
  readonly #rng: Rng;
  #closeRefusals: { left: number; readonly error: string } | undefined;

  constructor(seed: string, rules: readonly FaultRule[] = []) {
    this.#rng = Rng.derive(seed, 'faults');
    for (const rule of rules) this.add(rule);
  }

  /** Adds a rule; returns a function that removes it. */
  add(rule: FaultRule): () => void {
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
      throw new RangeError(`fault probability must be within [0, 1], got ${rule.probability}`);
    }
    const live: LiveRule = { rule, remaining: rule.times ?? Number.POSITIVE_INFINITY };
    this.#rules.push(live);
    return () => this.#remove(live);
  }

  clear(): void {
    this.#rules.length = 0;
    this.#closeRefusals = undefined;
  }

  /**
   * The next `count` conditional closes (AddOrder `close[…]`, created by each execution of their primary order)
   * are not created, as when the close fails the exchange's rules at that moment: the primary fills, and no close
   * order rests for it. `count` may be `Infinity`; the returned function lifts the fault.
   */
  refuseConditionalCloses(options: { count?: number; error?: string } = {}): () => void {
    const refusals = { left: options.count ?? 1, error: options.error ?? DEFAULT_CLOSE_REFUSAL };
    this.#closeRefusals = refusals;
    return () => {
      if (this.#closeRefusals === refusals) this.#closeRefusals = undefined;
    };
  }

  /** The refusal the conditional close being created now must get (consumes one), if any. */
  takeCloseRefusal(): string | undefined {
    const refusals = this.#closeRefusals;
    if (refusals === undefined) return undefined;
    refusals.left -= 1;
    if (refusals.left <= 0) this.#closeRefusals = undefined;
    return refusals.error;
  }

  decide(endpoint: string): FaultDecision {
    if (this.#rules.length === 0) return NONE;
    const decision: FaultDecision = { latencyMs: 0, terminal: undefined, loseResponse: false };
    for (const live of [...this.#rules]) {
      const { rule } = live;
      if (!matches(rule, endpoint)) continue;
      if (
        rule.kind !== 'latency' &&
        (decision.terminal !== undefined || (rule.kind === 'lost-response' && decision.loseResponse))
      )
        continue;
      if (rule.probability !== undefined && rule.probability < 1 && this.#rng.nextFloat() >= rule.probability)
        continue;
      live.remaining -= 1;
      if (live.remaining <= 0) this.#remove(live);
      apply(decision, rule);
    }
    if (decision.terminal !== undefined) decision.loseResponse = false;
    return decision;
  }

  #remove(live: LiveRule): void {
    const index = this.#rules.indexOf(live);
    if (index >= 0) this.#rules.splice(index, 1);
  }
}

function matches(rule: FaultRule, endpoint: string): boolean {
  const { endpoints } = rule;
  if (endpoints === undefined || endpoints === '*') return true;
  return typeof endpoints === 'string'
    ? endpoints === endpoint
    : endpoints.includes(endpoint) || endpoints.includes('*');
}

function apply(decision: FaultDecision, rule: FaultRule): void {
  switch (rule.kind) {
    case 'latency':
      decision.latencyMs += rule.latencyMs ?? 0;
      return;
    case 'lost-response':
      decision.loseResponse = true;
      return;
    case 'http-5xx':
      decision.terminal = { kind: 'http-5xx', status: rule.status ?? 503 };
      return;
    default:
      decision.terminal = { kind: rule.kind };
  }
}
