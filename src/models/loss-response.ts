/**
 * When the loss of a cluster is noticed and DR is declared, shared by every
 * application it hit.
 *
 * Detection is the hub's: OCM's registration agent on each managed cluster
 * renews one Lease, and the hub's lease controller marks the ManagedCluster
 * unavailable once that lease is older than its grace period
 * (open-cluster-management-io/ocm, pkg/registration/hub/lease/controller.go).
 * Every DRPC whose primary is on that cluster sees the same condition at the
 * same instant: one detection per cluster loss, not one per application.
 *
 * The decision is the operator's: by default one person declares DR for the
 * disaster and sets the failover of every hit DRPC together, so one draw of
 * `response.decisionDelay` per disaster; `response.decisionScope:
 * application` gives each application's owner their own draw instead.
 */
import type { Distribution, RandomStream } from '../sim/index.js';
import type { RunDraws } from './run-draws.js';

export type DecisionScope = 'disaster' | 'application';

export interface LossResponseOptions {
  detection: Distribution;
  decisionDelay: Distribution;
  decisionScope: DecisionScope;
}

export class LossResponse {
  /** Detection instants by cluster and loss instant. */
  private readonly detected = new Map<string, number>();
  /** Decision delays by loss instant (scope 'disaster'). */
  private readonly decisions = new Map<number, number>();

  constructor(
    private readonly draws: RunDraws,
    private readonly options: LossResponseOptions,
  ) {}

  /** When the hub notices that `cluster`, lost at `lostMs`, is gone. */
  detectedMs(cluster: string, lostMs: number): number {
    const key = `${cluster}\u0000${lostMs}`;
    let detected = this.detected.get(key);
    if (detected === undefined) {
      detected = lostMs + this.draws.sample(this.options.detection, this.draws.streams.stream(`detection/${cluster}`));
      this.detected.set(key, detected);
    }
    return detected;
  }

  /**
   * The decision delay after detection for an application hit by the loss at
   * `lostMs`: the disaster's, or drawn from the application's own stream.
   */
  decisionDelayMs(lostMs: number, applicationStream: RandomStream): number {
    const { decisionDelay, decisionScope } = this.options;
    const { sample, streams } = this.draws;
    if (decisionScope === 'application') return sample(decisionDelay, applicationStream);
    let delay = this.decisions.get(lostMs);
    if (delay === undefined) {
      delay = sample(decisionDelay, streams.stream('decision'));
      this.decisions.set(lostMs, delay);
    }
    return delay;
  }
}
