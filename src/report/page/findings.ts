/**
 * What an architect must not miss, first: invariant violations, objectives
 * breached, an unbounded backlog, split-brain, Ramen alerts the steady state
 * would raise, and every warning from the scenario and the runs.
 */
import type { Result } from '../../analysis/result-schema.js';
import { humanBytes, humanPercent, humanSeconds } from '../../format/units.js';
import type { Finding } from './layout.js';

/** Violations listed one by one; the rest are counted. */
const MAX_LISTED_VIOLATIONS = 20;

export function resultFindings(result: Result, scenarioWarnings: readonly string[] | null): Finding[] {
  const findings: Finding[] = [];
  const violations = result.invariantViolations;
  for (const violation of violations.slice(0, MAX_LISTED_VIOLATIONS)) {
    findings.push({
      severity: 'error',
      tag: violation.invariant,
      summary: `${violation.invariant} violated`,
      message: `run ${violation.run} at ${humanSeconds(violation.timeMs / 1000)}: ${violation.message}`,
    });
  }
  if (violations.length > MAX_LISTED_VIOLATIONS) {
    findings.push({ severity: 'error', tag: 'invariants', summary: 'more invariant violations', message: `${violations.length - MAX_LISTED_VIOLATIONS} more violations (see the JSON result)` });
  }
  for (const objective of result.objectives ?? []) {
    if (objective.met) continue;
    findings.push({
      severity: 'error',
      tag: 'objective breached',
      summary: `${objective.metric.toUpperCase()} at p${objective.percentile} objective breached`,
      message: `${objective.metric.toUpperCase()} at p${objective.percentile} is ${humanSeconds(objective.achievedSeconds)}, above the ${humanSeconds(objective.targetSeconds)} objective`,
    });
  }
  if (result.rpoOverTime.unbounded) {
    findings.push({
      severity: 'error',
      tag: 'unbounded backlog',
      message: 'replication falls further behind without bound (nothing syncs, or journal writes outrun the link): no finite RPO can be promised',
    });
  }
  if (result.rpoOverTime.saturated) {
    const over = result.rpoOverTime;
    findings.push({
      severity: 'warning',
      tag: 'saturated link',
      summary: 'syncs never catch up with the snapshots',
      message: `the link carries less than the writes change: pending snapshots merge and each sync ships up to a working set, so the RPO settles high (mean ${humanSeconds(over.mean ?? 0)}, p99 ${humanSeconds(over.p99 ?? 0)}) instead of within the interval (see the LINK_SATURATED warning)`,
    });
  }
  if (result.splitBrain.runs > 0) {
    findings.push({
      severity: 'error',
      tag: 'split-brain',
      summary: 'two primaries accepted writes at once (INV-05)',
      message: `in ${result.splitBrain.runs} of ${result.runs} runs two primaries accepted writes at once (up to ${humanSeconds(result.splitBrain.seconds.max)}, ${humanBytes(result.splitBrain.bytesDiverged.max)} diverged; INV-05)`,
    });
  }
  const { alertWarningFraction, alertCriticalFraction, unbounded } = result.rpoOverTime;
  if (!unbounded && (alertWarningFraction > 0 || alertCriticalFraction > 0)) {
    const level = alertCriticalFraction > 0 ? `critical ${share(alertCriticalFraction)} and warning ${share(alertWarningFraction)}` : `warning ${share(alertWarningFraction)}`;
    findings.push({
      severity: 'warning',
      tag: 'Ramen alert',
      summary: 'VolumeSynchronizationDelay would fire in the steady state',
      message: `VolumeSynchronizationDelay would be ${level} of the steady state`,
    });
  }
  for (const warning of scenarioWarnings ?? []) findings.push({ severity: 'warning', tag: 'scenario', message: warning });
  for (const warning of result.warnings ?? []) findings.push({ severity: 'warning', tag: warning.code, message: warning.message });
  if (findings.length === 0) {
    findings.push({ severity: 'ok', tag: 'clean', message: `no invariant violated in ${result.runs} runs, no objective breached, no warning` });
  }
  return findings;
}

/** A fraction of time as a percentage; a sliver is not rounded away to 0%. */
function share(fraction: number): string {
  return fraction > 0 && fraction < 0.001 ? 'under 0.1%' : humanPercent(fraction);
}
