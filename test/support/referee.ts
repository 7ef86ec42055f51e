import type { AddOrderParams } from '@krakenkit/client';
import type { Decision } from '@krakenkit/guard';

/** The refusals the guard must agree with the exchange on (the subject of the differential test). */
export type ReasonClass = 'allowance' | 'position-size' | 'reduce-only' | 'opposing' | 'tier-leverage';

const REASON_CLASSES: Readonly<Record<string, ReasonClass>> = {
  'EOrder:Margin allowance exceeded': 'allowance',
  'EOrder:Margin position size exceeded': 'position-size',
  'EOrder:Reduce only:No position exists': 'reduce-only',
  'EOrder:Reduce only:Cannot increase position': 'reduce-only',
  'EOrder:Cannot open opposing position': 'opposing',
  'EOrder:Cannot open position': 'tier-leverage',
  'EGeneral:Invalid arguments:leverage': 'tier-leverage',
};

/** What the guard does not model by design (collateral and the exchange's own pool liquidity). */
const NOT_MODELLED = new Set(['EOrder:Margin level too low', 'EOrder:Insufficient margin']);

export function reasonClass(code: string): ReasonClass | undefined {
  return REASON_CLASSES[code];
}

export type ExchangeOutcome = { ok: true; txid: string } | { ok: false; code: string };

/** One order on which the guard and the exchange did not agree. */
export interface Disagreement {
  step: number;
  tier: string;
  what: 'guard refused an accepted order' | 'guard allowed a refused order' | 'different reason';
  sizing: string;
  params: AddOrderParams;
  guard: readonly string[];
  exchange: string;
}

/** Tallies decisions of both sides and keeps every disagreement with what is needed to replay it. */
export class Referee {
  orders = 0;
  closes = 0;
  acceptedBoth = 0;
  readonly rejectedBoth = new Map<string, number>();
  /** Exchange refusals for reasons the guard does not model (collateral, pool liquidity): excluded. */
  readonly excluded = new Map<string, number>();
  /** Exchange refusals outside the compared reasons that the guard let through (e.g. spot funds). */
  readonly otherRefusals = new Map<string, number>();
  readonly byKind = new Map<string, number>();
  /** Openings sized at a pool's headroom or a pair's size limit (± a few lots): exchange accepted / refused. */
  readonly edges = new Map<string, { accepted: number; refused: number }>();
  readonly disagreements: Disagreement[] = [];

  record(
    step: number,
    tier: string,
    order: { kind: string; sizing: string; params: AddOrderParams },
    decision: Decision,
    outcome: ExchangeOutcome,
  ): Disagreement | undefined {
    this.orders += 1;
    if (order.kind !== 'open' && order.kind !== 'spot' && order.kind !== 'bad-leverage') this.closes += 1;
    bump(this.byKind, order.kind);
    if (order.sizing.endsWith('-edge')) {
      const edge = this.edges.get(order.sizing) ?? { accepted: 0, refused: 0 };
      if (outcome.ok) edge.accepted += 1;
      else edge.refused += 1;
      this.edges.set(order.sizing, edge);
    }
    const guardCodes = decision.violations.map((v) => v.code);
    const found = this.#judge(decision.allowed, guardCodes, outcome);
    if (found === undefined) return undefined;
    const disagreement: Disagreement = {
      step,
      tier,
      what: found,
      sizing: order.sizing,
      params: order.params,
      guard: guardCodes,
      exchange: outcome.ok ? 'accepted' : outcome.code,
    };
    this.disagreements.push(disagreement);
    return disagreement;
  }

  #judge(allowed: boolean, guardCodes: readonly string[], outcome: ExchangeOutcome) {
    if (outcome.ok) {
      if (allowed) this.acceptedBoth += 1;
      return allowed ? undefined : ('guard refused an accepted order' as const);
    }
    const wanted = reasonClass(outcome.code);
    if (!allowed) {
      bump(this.rejectedBoth, outcome.code);
      const classes = new Set(guardCodes.map(reasonClass));
      return wanted === undefined || classes.has(wanted) ? undefined : ('different reason' as const);
    }
    if (wanted !== undefined) return 'guard allowed a refused order' as const;
    bump(NOT_MODELLED.has(outcome.code) ? this.excluded : this.otherRefusals, outcome.code);
    return undefined;
  }

  /** The figures the test prints. */
  summary(seed: number): string {
    const lines = [
      `guard-vs-mock differential, seed ${seed}`,
      `  orders ${this.orders} (closes/reductions ${this.closes}) by kind ${formatCounts(this.byKind)}`,
      `  accepted by both ${this.acceptedBoth}`,
      `  sized at an edge (exchange accepted/refused) ${[...this.edges.entries()]
        .map(([k, v]) => `${k} ${v.accepted}/${v.refused}`)
        .join(', ')}`,
      `  rejected by both ${sum(this.rejectedBoth)}: ${formatCounts(this.rejectedBoth)}`,
      `  exchange-only refusals not modelled by the guard (excluded) ${formatCounts(this.excluded)}`,
      `  exchange-only refusals outside the compared reasons ${formatCounts(this.otherRefusals)}`,
      `  disagreements ${this.disagreements.length}`,
    ];
    return lines.join('\n');
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sum(map: Map<string, number>): number {
  let total = 0;
  for (const value of map.values()) total += value;
  return total;
}

function formatCounts(map: Map<string, number>): string {
  if (map.size === 0) return '{}';
  return `{ ${[...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')} }`;
}
