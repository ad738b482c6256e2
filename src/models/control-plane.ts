/**
 * The control-plane state the hub and the clusters agree on (DRPC, DRCluster
 * fencing, VRG roles), as immutable data updated with immer at each control
 * event. Every version is kept with its time, so invariant checks and reports
 * can replay exactly what the control plane believed and when.
 */
import { produce, type Draft } from 'immer';

export type VrgRole = 'Primary' | 'Secondary' | 'None';
export type FenceState = 'Unfenced' | 'Fenced' | 'ManuallyFenced';

export interface DrpcState {
  phase: string;
  progression: string;
  action: '' | 'Failover' | 'Relocate';
  /** The cluster the application runs on as far as the placement says. */
  placement: string;
  peerReady: boolean;
  /** VRG role per cluster. */
  vrg: Record<string, VrgRole>;
}

export interface ControlState {
  drpcs: Record<string, DrpcState>;
  fencing: Record<string, FenceState>;
}

export interface ControlVersion {
  timeMs: number;
  reason: string;
  state: ControlState;
}

export class ControlPlane {
  private current: ControlState;
  readonly history: ControlVersion[] = [];

  constructor(initial: ControlState, timeMs: number) {
    this.current = produce(initial, () => undefined);
    this.history.push({ timeMs, reason: 'initial', state: this.current });
  }

  get state(): ControlState {
    return this.current;
  }

  update(timeMs: number, reason: string, recipe: (draft: Draft<ControlState>) => void): ControlState {
    const next = produce(this.current, recipe);
    if (next !== this.current) {
      this.current = next;
      this.history.push({ timeMs, reason, state: next });
    }
    return next;
  }

  drpc(application: string): DrpcState {
    return this.current.drpcs[application];
  }
}
