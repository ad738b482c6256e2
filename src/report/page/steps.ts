/**
 * The DRPC workflow steps as the report names and colours them, the same in
 * the Gantt chart and the RTO waterfall. Colours are the Okabe-Ito palette
 * (distinguishable with colour-blindness) plus greys for waiting time.
 */
import { RTO_STEPS, type RtoStep } from '../../models/run-record.js';

const STEP_STYLE: Record<RtoStep, { label: string; color: string }> = {
  detection: { label: 'Detection (lease expiry)', color: '#E69F00' },
  decision: { label: 'Operator decision', color: '#F0E442' },
  hubRecovery: { label: 'Hub restore', color: '#CC79A7' },
  fencing: { label: 'Fencing', color: '#D55E00' },
  maintenanceMode: { label: 'Storage maintenance mode', color: '#661100' },
  appStop: { label: 'Application stop', color: '#999933' },
  finalSync: { label: 'Final sync', color: '#44AA99' },
  promote: { label: 'Promote', color: '#0072B2' },
  restore: { label: 'Restore from S3', color: '#56B4E9' },
  boot: { label: 'Boot', color: '#009E73' },
  crashRecovery: { label: 'Crash recovery', color: '#882255' },
  other: { label: 'Propagation and waits', color: '#AAAAAA' },
};

export function stepLabel(step: RtoStep): string {
  return STEP_STYLE[step].label;
}

export function stepColor(step: RtoStep): string {
  return STEP_STYLE[step].color;
}

/** Steps in workflow order. */
export function orderedSteps(): readonly RtoStep[] {
  return RTO_STEPS;
}
