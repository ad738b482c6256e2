/**
 * A model-based test (fast-check commands) of the run driver under operator
 * and fault actions in any order: failover, relocate, fence, unfence, site
 * loss and repair, hub loss and restore, link cut and heal, with time passing
 * between them. The scenario's automatic response is off: every DR action
 * is the operator's. The test keeps its own model of which sites are up and
 * cut off and whether the hub is up, and checks, after every command:
 * - INV-05 as docs/domain.md words it: in Metro-DR no two clusters write to the
 *   application's images at any instant unless fencing is None; and, at the
 *   end, every two-writer period (any mode) is reported as split-brain;
 * - relocate is refused exactly when one of its preconditions fails
 *   (ramen-facts 2.3): hub up and both clusters reachable from it, PeerReady,
 *   one primary VRG, the primary DataReady and ClusterDataProtected, in
 *   Metro-DR an unfenced target; and (drsim) no other action in progress;
 * - nothing fails over while the hub is down: a failover is refused then, no
 *   DR action starts and no DRPC action or placement changes while it is.
 * A failure prints fast-check's seed and path (the command list is in the
 * counterexample); replay with FC_SEED and FC_PATH.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDriver, type DriverAction, type RunDriver } from '../../src/models/driver.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { metroSpec, scenario } from '../models/scenario-builder.js';
import { replayParameters } from './arbitraries.js';
import { independentProblems, recordTopology, type TopologySample } from './independent-checks.js';

const MINUTE = 60_000;
type Site = 'east' | 'west';
type Fencing = 'Fenced' | 'ManuallyFenced' | 'None';
const SITE_OF: Record<string, Site> = { dr1: 'east', dr2: 'west' };
const APP = 'app';

/** What the test believes about the world, kept from the commands alone. */
interface Model {
  metro: boolean;
  fencing: Fencing;
  hubUp: boolean;
  siteUp: Record<Site, boolean>;
  /** Sites cut off from all others, by partition id. */
  cuts: Map<number, Site>;
  hubDown: { fromMs: number; toMs: number }[];
}

interface Real {
  driver: RunDriver;
  samples: TopologySample[];
}

const reachable = (model: Model, cluster: string) =>
  model.hubUp && model.siteUp[SITE_OF[cluster]] && ![...model.cuts.values()].includes(SITE_OF[cluster]);

/** Writer periods of the application so far, open ones up to now. */
function writerPeriods(real: Real) {
  const application = real.driver.world.applications[0];
  const periods = application.writerIntervals.map(({ cluster, fromMs, toMs }) => ({ cluster, fromMs, toMs }));
  for (const [cluster, since] of application.writerSinceMs) periods.push({ cluster, fromMs: since, toMs: real.driver.now });
  return periods;
}

function twoWriterMs(real: Real): number {
  const periods = writerPeriods(real);
  let overlap = 0;
  for (const a of periods.filter((period) => period.cluster === 'dr1')) {
    for (const b of periods.filter((period) => period.cluster === 'dr2')) overlap += Math.max(0, Math.min(a.toMs, b.toMs) - Math.max(a.fromMs, b.fromMs));
  }
  return overlap;
}

/** Checks that hold after every command. */
function checkAlways(model: Model, real: Real): void {
  if (model.metro && model.fencing !== 'None') expect(twoWriterMs(real), 'two Metro writers despite fencing').toBe(0);
  const { world } = real.driver;
  const down = (atMs: number) => model.hubDown.some((interval) => interval.fromMs <= atMs && atMs < interval.toMs);
  // Allow for changes at the very instant the hub came back (they run after it).
  const strictlyDown = (atMs: number) => model.hubDown.some((interval) => interval.fromMs <= atMs && atMs < interval.toMs && atMs !== interval.fromMs);
  for (const facts of real.driver.episodes(APP).map((episode) => episode.facts)) {
    if (facts.hubActionMs !== undefined) expect(down(facts.hubActionMs), `${facts.action} started with the hub down`).toBe(false);
  }
  const history = world.control.history;
  for (let index = 1; index < history.length; index++) {
    const [before, after] = [history[index - 1].state.drpcs[APP], history[index].state.drpcs[APP]];
    if (before.action !== after.action || before.placement !== after.placement) {
      expect(strictlyDown(history[index].timeMs), `${history[index].reason} with the hub down`).toBe(false);
    }
  }
}

class Advance implements fc.Command<Model, Real> {
  constructor(readonly minutes: number) {}
  check = () => true;
  run(model: Model, real: Real): void {
    real.driver.advance(this.minutes * MINUTE);
    checkAlways(model, real);
  }
  toString = () => `advance(${this.minutes}m)`;
}

class Failover implements fc.Command<Model, Real> {
  check = () => true;
  run(model: Model, real: Real): void {
    const busy = real.driver.state().applications[APP].busy;
    const result = real.driver.act({ kind: 'failover', application: APP });
    expect(result.accepted, `failover: ${result.reason}`).toBe(model.hubUp && !busy);
    if (!model.hubUp && !busy) expect(result.reason).toMatch(/hub is down/);
    checkAlways(model, real);
  }
  toString = () => 'failover';
}

class Relocate implements fc.Command<Model, Real> {
  check = () => true;
  run(model: Model, real: Real): void {
    const { driver } = real;
    const app = driver.state().applications[APP];
    const target = app.primary === 'dr1' ? 'dr2' : 'dr1';
    const capture = driver.world.applications[0].capture;
    const preconditions = {
      bothReachable: reachable(model, 'dr1') && reachable(model, 'dr2'),
      peerReady: app.drpc.peerReady,
      onePrimary: Object.values(app.drpc.vrg).filter((role) => role === 'Primary').length === 1,
      dataReady: app.dataReady,
      clusterDataProtected: capture === null || capture.hasCompleteCapture(),
      targetUnfenced: !model.metro || driver.state().clusters[target].fence === 'Unfenced',
      noActionInProgress: !app.busy,
    };
    const expected = Object.values(preconditions).every(Boolean);
    const result = driver.act({ kind: 'relocate', application: APP });
    expect(result.accepted, `relocate: ${result.reason}; preconditions ${JSON.stringify(preconditions)}`).toBe(expected);
    checkAlways(model, real);
  }
  toString = () => 'relocate';
}

class Fence implements fc.Command<Model, Real> {
  constructor(
    readonly cluster: string,
    readonly mode: 'Fenced' | 'ManuallyFenced' | 'unfence',
  ) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const action: DriverAction = this.mode === 'unfence' ? { kind: 'unfence', cluster: this.cluster } : { kind: 'fence', cluster: this.cluster, mode: this.mode };
    const result = real.driver.act(action);
    expect(result.accepted, `${this.mode} ${this.cluster}: ${result.reason}`).toBe(model.metro && model.hubUp);
    checkAlways(model, real);
  }
  toString = () => `${this.mode}(${this.cluster})`;
}

class Fault implements fc.Command<Model, Real> {
  constructor(readonly fault: 'siteLoss' | 'siteRepair' | 'hubLoss' | 'hubRestore' | 'linkCut' | 'linkHeal', readonly site: Site) {}
  check(model: Model): boolean {
    switch (this.fault) {
      case 'siteLoss':
        return model.siteUp[this.site];
      case 'siteRepair':
        return !model.siteUp[this.site];
      case 'hubLoss':
        return model.hubUp;
      case 'hubRestore':
        return !model.hubUp;
      case 'linkCut':
        return true;
      case 'linkHeal':
        return model.cuts.size > 0;
    }
  }
  run(model: Model, real: Real): void {
    const { driver } = real;
    switch (this.fault) {
      case 'siteLoss':
      case 'siteRepair':
        driver.act({ kind: this.fault, site: this.site });
        model.siteUp[this.site] = this.fault === 'siteRepair';
        break;
      case 'hubLoss':
        driver.act({ kind: 'hubLoss' });
        model.hubUp = false;
        model.hubDown.push({ fromMs: driver.now, toMs: Infinity });
        break;
      case 'hubRestore':
        driver.act({ kind: 'hubRestore' });
        model.hubUp = true;
        model.hubDown[model.hubDown.length - 1].toMs = driver.now;
        break;
      case 'linkCut': {
        const { partition } = driver.act({ kind: 'linkCut', site: this.site });
        model.cuts.set(partition!, this.site);
        break;
      }
      case 'linkHeal': {
        const [partition] = model.cuts.keys();
        driver.act({ kind: 'linkHeal', partition });
        model.cuts.delete(partition);
        break;
      }
    }
    expect(driver.state().hubUp).toBe(model.hubUp);
    for (const cluster of ['dr1', 'dr2']) expect(driver.state().clusters[cluster].seenByHub, `${cluster} seen by the hub`).toBe(reachable(model, cluster));
    checkAlways(model, real);
  }
  toString = () => `${this.fault}(${this.site})`;
}

const site = fc.constantFrom<Site>('east', 'west');
const commands = [
  fc.integer({ min: 1, max: 120 }).map((minutes) => new Advance(minutes)),
  fc.integer({ min: 1, max: 10 }).map((minutes) => new Advance(minutes)),
  fc.constant(new Failover()),
  fc.constant(new Relocate()),
  fc.tuple(fc.constantFrom('dr1', 'dr2'), fc.constantFrom('Fenced', 'ManuallyFenced', 'unfence') as fc.Arbitrary<'Fenced' | 'ManuallyFenced' | 'unfence'>).map(([cluster, mode]) => new Fence(cluster, mode)),
  fc.tuple(fc.constantFrom('siteLoss', 'siteRepair', 'hubLoss', 'hubRestore', 'linkCut', 'linkHeal') as fc.Arbitrary<Fault['fault']>, site).map(([fault, where]) => new Fault(fault, where)),
];

function setup(metro: boolean, fencing: Fencing, seed: number): { model: Model; real: Real } {
  const spec = {
    seed,
    horizon: '30d',
    // The hub comes back only when the test restores it.
    hub: { site: 'witness', restoreTime: '30d' },
    applications: [
      { name: APP, preferredCluster: 'dr1', kubeObjectProtection: { captureInterval: '5m', objects: 10 }, volumes: [{ name: 'data', size: '1Gi', writeRate: '256KiB/s' }] },
    ],
    response: { fencing, decisionDelay: '0s' },
  };
  const driver = createDriver(scenario(metro ? metroSpec(spec) : spec), { runIndex: 0, respond: false });
  const samples = recordTopology(driver);
  return {
    model: { metro, fencing, hubUp: true, siteUp: { east: true, west: true }, cuts: new Map(), hubDown: [] },
    real: { driver, samples },
  };
}

describe('model-based: operator and fault actions in any order', () => {
  it('keeps INV-05, refuses relocate exactly when its preconditions fail, and fails nothing over while the hub is down', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.constantFrom<Fencing>('Fenced', 'ManuallyFenced', 'None'),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.commands(commands, { maxCommands: 40 }),
        (metro, fencing, seed, sequence) => {
          const { model, real } = setup(metro, fencing, seed);
          // Let protection establish (initial sync, first kube capture) before the first command.
          real.driver.advance(30 * MINUTE);
          fc.modelRun(() => ({ model, real }), sequence);
          real.driver.advance(60 * MINUTE);
          checkAlways(model, real);
          const run = real.driver.finish();
          // Every two-writer period is reported as split-brain, in any mode.
          expect(run.actions[0].outcome.splitBrainMs).toBe(twoWriterMs(real));
          expect(checkInvariants(run)).toEqual([]);
          expect(independentProblems(run, real.samples)).toEqual([]);
        },
      ),
      replayParameters(Number(process.env.FC_RUNS ?? 150)),
    );
  });
});
