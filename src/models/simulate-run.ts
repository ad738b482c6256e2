/**
 * One run of a scenario: the run driver fed with the scenario's disasters
 * and operations at their (sampled) instants, answering them as the
 * scenario's `response` says, then closed into the run's record.
 *
 * The horizon bounds when disasters and operations start; the run goes on
 * until the workflows they started have finished (or can never progress), so
 * an RTO is never cut short.
 */
import type { Scenario } from '../scenarios/schema/scenario.js';
import { disasterFault, repairFault } from './faults.js';
import { RunDriver, type OperatorAction, type SimulatedRun } from './driver.js';

export type { ApplicationActions, SimulatedRun } from './driver.js';

export interface SimulateOptions {
  runIndex: number;
  /** Keep the engine's event log. */
  log?: boolean;
  /** Most engine events one run may execute (a clear error beyond). */
  maxEvents?: number;
  /** Called with the driver before the run starts, to watch it (e.g. listen to its world's changes). */
  observe?: (driver: RunDriver) => void;
}

/** How long past the horizon a run may go on finishing its workflows. */
export const MAX_RUN_EXTENSION_MS = 30 * 24 * 3600 * 1000;

export function simulateRun(scenario: Scenario, options: SimulateOptions): SimulatedRun {
  const driver = new RunDriver(scenario, options);
  const schedule = scheduleScenarioEvents(driver);
  options.observe?.(driver);
  driver.start();
  const horizon = scenario.spec.horizon;
  driver.runUntil(schedule.pending() === 0 ? horizon : horizon + MAX_RUN_EXTENSION_MS);
  return driver.finish(Math.min(schedule.firstStrikeMs, horizon));
}

interface ScenarioSchedule {
  /** Disasters, repairs and operations still to come. */
  pending(): number;
  /** The first disaster or operation within the horizon, or the horizon. */
  readonly firstStrikeMs: number;
}

/**
 * Schedules the scenario's disasters (and their repairs) and operations on
 * the driver, and stops the run once they have all happened and no workflow
 * is left running.
 */
export function scheduleScenarioEvents(driver: RunDriver): ScenarioSchedule {
  const { world, scenario } = driver;
  const spec = scenario.spec;
  const sim = world.sim;
  let pendingStrikes = 0;
  const schedule = { firstStrikeMs: spec.horizon, pending: () => pendingStrikes };
  const stopWhenSettled = () => {
    if (pendingStrikes === 0 && driver.activeWorkflows === 0 && sim.now >= schedule.firstStrikeMs) sim.stop();
  };
  driver.onWorkflowEnd = stopWhenSettled;

  spec.disasters.forEach((disaster, index) => {
    const stream = world.streams.stream(`disaster/${index}`);
    const atMs = world.sample(disaster.at, stream);
    if (atMs > spec.horizon) {
      driver.warnings.push({ code: 'DISASTER_AFTER_HORIZON', message: `disasters[${index}] at ${atMs} ms falls after the horizon; ignored` });
      return;
    }
    const repairMs = disaster.repairAfter === undefined ? undefined : world.sample(disaster.repairAfter, stream);
    schedule.firstStrikeMs = Math.min(schedule.firstStrikeMs, atMs);
    pendingStrikes++;
    sim.scheduleAt(atMs, () => {
      pendingStrikes--;
      const fault = disasterFault(disaster);
      const { partition = -1 } = driver.act(fault);
      if (repairMs !== undefined) {
        pendingStrikes++;
        sim.schedule(repairMs, () => {
          pendingStrikes--;
          driver.act(repairFault(fault, partition));
          stopWhenSettled();
        });
      }
      stopWhenSettled();
    });
  });

  spec.operations.forEach((operation, index) => {
    const atMs = world.sample(operation.at, world.streams.stream(`operation/${index}`));
    if (atMs > spec.horizon) {
      driver.warnings.push({ code: 'OPERATION_AFTER_HORIZON', message: `operations[${index}] at ${atMs} ms falls after the horizon; ignored` });
      return;
    }
    schedule.firstStrikeMs = Math.min(schedule.firstStrikeMs, atMs);
    pendingStrikes++;
    sim.scheduleAt(atMs, () => {
      pendingStrikes--;
      const { settlesInMs } = driver.act(operatorAction(operation));
      // A NetworkFence fence or unfence is not done until the hub sees it.
      if (settlesInMs !== undefined) {
        pendingStrikes++;
        sim.schedule(settlesInMs, () => {
          pendingStrikes--;
          stopWhenSettled();
        });
      }
      stopWhenSettled();
    });
  });
  return schedule;
}

/** A planned operation as the operator's action on the hub (cross-checks made sure it names its app or cluster). */
function operatorAction(operation: Scenario['spec']['operations'][number]): OperatorAction {
  switch (operation.action) {
    case 'Fence':
      return { kind: 'fence', cluster: operation.cluster!, mode: 'Fenced' };
    case 'Unfence':
      return { kind: 'unfence', cluster: operation.cluster! };
    case 'Relocate':
      return { kind: 'relocate', application: operation.app! };
    case 'Failover':
      return { kind: 'failover', application: operation.app! };
  }
}
