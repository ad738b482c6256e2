/**
 * The closed forms of docs/domain.md section 8 as oracles for whole simulated
 * runs: what the simulator reports (the run summary's RPO over time, the
 * bytes its link carried, the losses of its workflows) against the formulas,
 * each within a tolerance derived below from what the simulator is allowed
 * to differ in (whole-millisecond times, the edges of the measured window).
 */
import { describe, expect, it } from 'vitest';
import { simulateRun, type SimulatedRun } from '../../src/models/simulate-run.js';
import { summarizeRun } from '../../src/analysis/run-summary.js';
import { aggregateRuns } from '../../src/analysis/aggregate.js';
import {
  recoveryPointSteps,
  rpoDistribution,
  rpoFractionWithin,
  rpoQuantile,
  rpoStatistics,
  toRpoOverTime,
} from '../../src/analysis/rpo-timeline.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { metroSpec, scenario } from './scenario-builder.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
const MiB = 2 ** 20;
const GiB = 2 ** 30;

/**
 * One image, a constant write rate r over a working set W, a link of B
 * bytes/s to itself, snapshots on the wall clock every I, each created
 * CREATE_MS after its slot (the ceph-mgr's creation time, no scheduler lag):
 * each delta holds W(1 - exp(-rI/W)) unique bytes and syncs in D = bytes / B,
 * so the recovery point is a sawtooth between D and I + D. Only the first
 * delta differs: it runs from the initial full copy's snapshot, taken when
 * mirroring is enabled at 0 rather than at a slot, so it covers I + CREATE_MS
 * and its tooth peaks at I + CREATE_MS + D.
 */
const CREATE_MS = SECOND;

interface Sawtooth {
  intervalMinutes: number;
  workingSetGiB: number;
  writeMiBps: number;
  bandwidthMbps: number;
}

const bytesPerSecond = (mbps: number) => (mbps * 1e6) / 8;

function uniqueBytesPerSync(c: Sawtooth): number {
  const w = c.workingSetGiB * GiB;
  return w * (1 - Math.exp(-(c.writeMiBps * MiB * c.intervalMinutes * 60) / w));
}

/** The sync time in ms as the closed form gives it (not rounded). */
function syncTimeMs(c: Sawtooth): number {
  return (uniqueBytesPerSync(c) / bytesPerSecond(c.bandwidthMbps)) * SECOND;
}

/** The first delta's sync time: I + CREATE_MS of writes (see above). */
function firstSyncTimeMs(c: Sawtooth): number {
  const w = c.workingSetGiB * GiB;
  const written = (c.writeMiBps * MiB * (c.intervalMinutes * MINUTE + CREATE_MS)) / SECOND;
  return ((w * -Math.expm1(-written / w)) / bytesPerSecond(c.bandwidthMbps)) * SECOND;
}

function sawtoothRun(c: Sawtooth, horizon: string): SimulatedRun {
  return simulateRun(
    scenario({
      horizon,
      links: [{ between: ['east', 'west'], bandwidth: `${c.bandwidthMbps}Mbps`, rtt: '5ms' }],
      drPolicy: { drClusters: ['dr1', 'dr2'], schedulingInterval: `${c.intervalMinutes}m` },
      applications: [{ name: 'app', volumes: [{ name: 'data', size: `${c.workingSetGiB}Gi`, writeRate: `${c.writeMiBps}MiB/s` }] }],
      timings: { schedulerLagMax: '0s' },
    }),
    { runIndex: 0 },
  );
}

const SAWTOOTHS: Sawtooth[] = [
  { intervalMinutes: 1, workingSetGiB: 1, writeMiBps: 2, bandwidthMbps: 1000 },
  { intervalMinutes: 5, workingSetGiB: 1, writeMiBps: 2, bandwidthMbps: 100 },
  { intervalMinutes: 15, workingSetGiB: 2, writeMiBps: 4, bandwidthMbps: 200 },
];

describe('closed forms through the simulator (docs/domain.md section 8)', () => {
  describe.each(SAWTOOTHS)('the RPO sawtooth: I = $intervalMinutes min, W = $workingSetGiB GiB, r = $writeMiBps MiB/s, B = $bandwidthMbps Mbps', (c) => {
    const run = sawtoothRun(c, '1d');
    const summary = summarizeRun(run);
    const distribution = summary.rpoOverTime!;
    const statistics = rpoStatistics(distribution);
    const interval = c.intervalMinutes * MINUTE;
    const d = syncTimeMs(c);
    /*
     * Tolerances. The simulator's sync ends on the next whole ms: its D is
     * ceil(D) (< D + 1 ms). The window runs from protection established to
     * the horizon and cuts at most one tooth at each end; a cut tooth's RPOs
     * stay within [D, I + D], at most I/2 from the mean, for at most I of
     * time each, so the window mean is within I^2 / window of I/2 + D and a
     * fraction of time within 2I / window of the tooth's CDF.
     */
    const windowMs = distribution.totalMs;
    const meanTolerance = (interval * interval) / windowMs + 1;
    const fractionTolerance = (2 * interval) / windowMs + 1 / interval;

    it('protection is established and the sync keeps up (D < I)', () => {
      expect(run.record.protectionEstablishedMs).not.toBeNull();
      expect(d).toBeLessThan(interval);
      expect(windowMs).toBeGreaterThan(DAY - 10 * MINUTE);
      expect(statistics.unbounded).toBe(false);
      expect(summary.violations).toEqual([]);
    });

    it('mean RPO = I/2 + D', () => {
      expect(Math.abs(statistics.meanMs - (interval / 2 + d))).toBeLessThanOrEqual(meanTolerance);
    });

    it('max RPO = I + D (the first tooth I + CREATE_MS + D)', () => {
      expect(statistics.maxMs).toBeGreaterThanOrEqual(interval + d);
      expect(statistics.maxMs).toBeLessThanOrEqual(interval + CREATE_MS + Math.max(d, firstSyncTimeMs(c)) + 1);
    });

    it('P(RPO <= x) = (x - D) / I for D <= x <= I + D', () => {
      for (const share of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]) {
        const x = d + share * interval;
        expect(Math.abs(rpoFractionWithin(distribution, x) - share)).toBeLessThanOrEqual(fractionTolerance);
      }
      // The least RPO is D: nothing below it.
      expect(rpoFractionWithin(distribution, d - 1)).toBe(0);
      expect(Math.abs(statistics.fractionWithinInterval - (interval - d) / interval)).toBeLessThanOrEqual(fractionTolerance);
    });
  });

  describe('the snapshot scheduler wakes at the slot (mirror_snapshot_schedule.py)', () => {
    /*
     * The ceph-mgr sleeps until the next slot (condition.wait(min(wait_time,
     * 60)): the 60 s caps one sleep) and then creates the images' snapshots,
     * at most max_concurrent_snap_create = 10 at once, each taking 1 s. With
     * the default timings, image k (in scenario order) of those primary on a
     * cluster is therefore snapshotted at slot + (floor(k / 10) + 1) s, every
     * interval, with no random lag; for one image the RPO over time is the
     * sawtooth between D and I + D with mean I/2 + D (D the sync time, counted
     * from the creation). A scheduler lag uniform in [0, 60 s] would add 30 s
     * to the mean and up to 60 s to the p99.
     */
    it('snapshots each image at the slot plus the creation time, batches of 10 queuing', () => {
      const volumes = Array.from({ length: 25 }, (_, k) => ({ name: `v${k}`, size: '1Gi', writeRate: '64KiB/s' }));
      const run = simulateRun(scenario({ horizon: '2h', applications: [{ name: 'app', volumes }] }), { runIndex: 0 });
      run.record.images.forEach((image, k) => {
        const offsets = new Set(Array.from(image.syncedCreationMs.subarray(1), (creation) => creation % MINUTE));
        expect([...offsets]).toEqual([(Math.floor(k / 10) + 1) * SECOND]);
      });
    });

    it('with the default timings the mean RPO over time is I/2 + D, not I/2 + D + 30 s', () => {
      const c = SAWTOOTHS[1];
      const run = simulateRun(
        scenario({
          horizon: '1d',
          links: [{ between: ['east', 'west'], bandwidth: `${c.bandwidthMbps}Mbps`, rtt: '5ms' }],
          drPolicy: { drClusters: ['dr1', 'dr2'], schedulingInterval: `${c.intervalMinutes}m` },
          applications: [{ name: 'app', volumes: [{ name: 'data', size: `${c.workingSetGiB}Gi`, writeRate: `${c.writeMiBps}MiB/s` }] }],
        }),
        { runIndex: 0 },
      );
      const statistics = rpoStatistics(summarizeRun(run).rpoOverTime!);
      const interval = c.intervalMinutes * MINUTE;
      // Tolerance as for the sawtooths above: the window's two cut teeth.
      expect(Math.abs(statistics.meanMs - (interval / 2 + syncTimeMs(c)))).toBeLessThanOrEqual((interval * interval) / statistics.totalMs + 1);
      expect(statistics.maxMs).toBeLessThanOrEqual(interval + CREATE_MS + firstSyncTimeMs(c) + 1);
    });
  });

  describe('unique bytes per sync: W(1 - exp(-rI/W))', () => {
    /**
     * The link carries the initial full copy (the working set), the first
     * delta (I + CREATE_MS of writes, see above) and then one delta per
     * interval. Ending the run just after the K-th delta has synced leaves
     * nothing in flight, so the bytes of the K - 1 regular deltas are exact.
     */
    function bytesPerDelta(c: Sawtooth, deltas: number) {
      const interval = c.intervalMinutes * MINUTE;
      const horizonMs = deltas * interval + CREATE_MS + Math.ceil(syncTimeMs(c)) + SECOND;
      const run = sawtoothRun(c, `${horizonMs}ms`);
      expect(run.record.images[0].syncedCompletionMs.length).toBe(deltas + 1);
      const w = c.workingSetGiB * GiB;
      const firstDelta = w * -Math.expm1(-(c.writeMiBps * MiB * (interval + CREATE_MS)) / SECOND / w);
      const carried = run.world.link('dr1', 'dr2').deliveredBytes - w - firstDelta;
      return carried / (deltas - 1);
    }

    it.each([1, 5, 15, 60])('I = %i min: what the link carried per snapshot matches the formula, and rewrites coalesce', (minutes) => {
      const c: Sawtooth = { intervalMinutes: minutes, workingSetGiB: 1, writeMiBps: 1, bandwidthMbps: 1000 };
      const measured = bytesPerDelta(c, 12);
      const formula = uniqueBytesPerSync(c);
      expect(measured / formula).toBeCloseTo(1, 9);
      // Rewrites of the same blocks are sent once: less than r I, the more so the longer I.
      expect(measured).toBeLessThan(MiB * 60 * minutes);
    });

    it('a measured series: each delta coalesces the bytes its own window wrote', () => {
      /*
       * A 1-hour series of two 30-minute steps, 1 MiB/s then 3 MiB/s, with
       * 15-minute snapshots on the wall clock, each created CREATE_MS (1 s)
       * after its slot: delta k covers [kI + 1 s, (k + 1)I + 1 s] (the first
       * from 0), so each reaches 1 s into the next quarter hour: 901, 902,
       * 2700, 2698 MiB written, then 900, 902, 2700, 2698, each sending
       * W(1 - exp(-w/W)) unique bytes.
       */
      const W = GiB;
      const interval = 15 * MINUTE;
      const deltas = 8;
      const writeRate = { series: { step: '30m', period: '1h', rates: ['1MiB/s', '3MiB/s'] } };
      const bandwidth = bytesPerSecond(1000);
      const lastSyncMs = Math.ceil(((W * -Math.expm1((-2700 * MiB) / W)) / bandwidth) * SECOND);
      const run = simulateRun(
        scenario({
          horizon: `${deltas * interval + CREATE_MS + lastSyncMs + SECOND}ms`,
          links: [{ between: ['east', 'west'], bandwidth: '1000Mbps', rtt: '5ms' }],
          drPolicy: { drClusters: ['dr1', 'dr2'], schedulingInterval: '15m' },
          applications: [{ name: 'app', volumes: [{ name: 'data', size: '1Gi', writeRate }] }],
          timings: { schedulerLagMax: '0s' },
        }),
        { runIndex: 0 },
      );
      expect(run.record.images[0].syncedCompletionMs.length).toBe(deltas + 1);
      const carried = run.world.link('dr1', 'dr2').deliveredBytes - W;
      const writtenMiB = [901, 902, 2700, 2698, 900, 902, 2700, 2698];
      const formula = writtenMiB.reduce((sum, mib) => sum + W * -Math.expm1((-mib * MiB) / W), 0);
      expect(carried / formula).toBeCloseTo(1, 9);
    });

    it('a shorter interval sends more bytes in total', () => {
      const perDay = (minutes: number) =>
        (bytesPerDelta({ intervalMinutes: minutes, workingSetGiB: 1, writeMiBps: 1, bandwidthMbps: 1000 }, 4) * DAY) / (minutes * MINUTE);
      expect(perDay(1)).toBeGreaterThan(perDay(5));
      expect(perDay(5)).toBeGreaterThan(perDay(15));
    });
  });

  describe('Metro-DR with the link up: RPO = 0; journal mirroring: RPO = the replay lag', () => {
    it('Metro: no loss at a site loss, and 0 over the steady state', () => {
      const metro = scenario(metroSpec({ runs: 20, disasters: [{ kind: 'siteLoss', target: 'east', at: { uniform: ['2h', '20h'] } }] }));
      const summaries = Array.from({ length: 20 }, (_, runIndex) => {
        const run = simulateRun(metro, { runIndex });
        const summary = summarizeRun(run);
        expect(summary.violations).toEqual([]);
        expect(summary.applications[0].action).toBe('Failover');
        return summary;
      });
      for (const summary of summaries) {
        expect(summary.rpoMs).toBe(0);
        expect(summary.dataLossBytes).toBe(0);
        expect(summary.constantLag).toMatchObject({ lagMs: 0, unbounded: false });
      }
      expect(aggregateRuns(metro, summaries, 1).rpoOverTime).toMatchObject({ mean: 0, max: 0, unbounded: false, fractionWithinInterval: 1 });
    });

    it('journal: the failover loses exactly the replay lag', () => {
      const journal = scenario({ drPolicy: { mirroringMode: 'journal' }, disasters: [{ kind: 'siteLoss', target: 'east', at: { uniform: ['2h', '20h'] } }] });
      for (let runIndex = 0; runIndex < 10; runIndex++) {
        const run = simulateRun(journal, { runIndex });
        const summary = summarizeRun(run);
        expect(summary.constantLag!.lagMs).toBe(run.world.journalLagMs);
        expect(summary.rpoMs).toBe(run.world.journalLagMs);
        expect(summary.writesLostBytes).toBeCloseTo((64 * 1024 * run.world.journalLagMs) / SECOND, 3);
      }
    });
  });

  describe('relocate: data loss = 0', () => {
    it('loses nothing however much is pending when it starts, by the figures and by the image ledgers', () => {
      // A 15 min interval and 8 MiB/s: up to 7 GiB written since the last snapshot.
      const relocate = scenario({
        drPolicy: { drClusters: ['dr1', 'dr2'], schedulingInterval: '15m' },
        applications: [{ name: 'app', volumes: [{ name: 'data', size: '20Gi', writeRate: '8MiB/s' }] }],
        operations: [{ action: 'Relocate', at: { uniform: ['2h', '20h'] }, app: 'app' }],
      });
      for (let runIndex = 0; runIndex < 10; runIndex++) {
        const run = simulateRun(relocate, { runIndex });
        const [episode] = run.actions[0].episodes;
        expect(episode.outcome.action).toBe('Relocate');
        expect(episode.outcome.dataLossBytes).toBe(0);
        const [image] = episode.facts.images!;
        expect(image.unsnapshottedBytes + image.pendingBytes).toBe(0);
        // Independently of the workflow's figures: nothing written after the recovery point.
        expect(run.world.images[0].writes.writtenBetween(image.recoveryPointMs, image.lossEndMs)).toBe(0);
        expect(checkInvariants(run)).toEqual([]);
      }
    });
  });

  describe('latency-bound syncs: a sync takes max(bytes / B, changed objects x 2 RTT / 10)', () => {
    /*
     * rbd-mirror copies a delta object by object, at most
     * rbd_concurrent_management_ops = 10 at once (librbd deep_copy
     * ImageCopyRequest), each object a list-snaps and a read of the primary
     * across the link (ObjectCopyRequest): 2 RTT. So D = max(U / B,
     * ceil(objects x 2 RTT / 10)), and the sawtooth of the section above holds
     * with that D: mean RPO = I/2 + D, nothing below D.
     *
     * Objects of 4 MiB over a working set of W bytes, N = W / 4 MiB of them:
     * - random 4 KiB writes: n = r I / 4 KiB writes hit N (1 - exp(-n / N))
     *   objects. W = 10 GiB (N = 2560), r = 64 KiB/s, I = 5 min: n = 4800,
     *   2167.4 -> 2168 objects; at RTT 200 ms D = 2168 x 400 / 10 ms = 86.72 s,
     *   while the 19.2 MiB of unique bytes take 16 ms at 10 Gbps;
     * - packed writes: ceil(U / 4 MiB) objects. W = 40 GiB, r = 16 MiB/s:
     *   U = W (1 - exp(-4800 MiB / W)) = 4.42 GiB, 1133 objects, D = 45.32 s at
     *   RTT 200 ms, while U takes 0.38 s at 100 Gbps.
     * Before, D was the bytes alone: the RPO ignored the RTT.
     */
    const I = 5 * MINUTE;
    const OBJECT = 4 * MiB;
    const cases = [
      { label: 'random 4 KiB writes, 10 Gbps', size: '10Gi', w: 10 * GiB, rate: 64 * 1024, randomWriteSize: 4096, mbps: 10_000 },
      { label: 'packed writes, 100 Gbps', size: '40Gi', w: 40 * GiB, rate: 16 * MiB, randomWriteSize: undefined, mbps: 100_000 },
    ];
    it.each(cases)('$label over RTT 200 ms: mean RPO = I/2 + D with D latency-bound', ({ size, w, rate, randomWriteSize, mbps }) => {
      const written = (rate * I) / SECOND;
      const unique = w * -Math.expm1(-written / w);
      const n = w / OBJECT;
      const objects = randomWriteSize === undefined ? Math.ceil(unique / OBJECT) : Math.ceil(n * -Math.expm1(-written / randomWriteSize / n));
      const latencyMs = Math.ceil((objects * 2 * 200) / 10);
      const bytesMs = (unique / bytesPerSecond(mbps)) * SECOND;
      expect(latencyMs).toBeGreaterThan(100 * bytesMs);
      const run = simulateRun(
        scenario({
          links: [{ between: ['east', 'west'], bandwidth: `${mbps}Mbps`, rtt: '200ms' }],
          drPolicy: { drClusters: ['dr1', 'dr2'], schedulingInterval: '5m' },
          applications: [{ name: 'app', volumes: [{ name: 'data', size, writeRate: `${rate / 1024}KiB/s`, ...(randomWriteSize ? { randomWriteSize: '4Ki' } : {}) }] }],
          timings: { schedulerLagMax: '0s' },
        }),
        { runIndex: 0 },
      );
      const summary = summarizeRun(run);
      const distribution = summary.rpoOverTime!;
      const statistics = rpoStatistics(distribution);
      // As for the sawtooth above: whole-ms syncs and a tooth cut at each end of the window.
      const meanTolerance = (I * I) / distribution.totalMs + 1;
      expect(Math.abs(statistics.meanMs - (I / 2 + latencyMs))).toBeLessThanOrEqual(meanTolerance);
      expect(rpoFractionWithin(distribution, latencyMs - 1)).toBe(0);
      expect(summary.violations).toEqual([]);
    });

    it('a site loss during the round trips drops the sync: the failover RPO counts from the last completed one', () => {
      // The scattered case: D = 86.72 s after each snapshot at slot + 1 s; losses land in or after that wait.
      const D = 86_720;
      for (let runIndex = 0; runIndex < 6; runIndex++) {
        const run = simulateRun(
          scenario({
            links: [{ between: ['east', 'west'], bandwidth: '10Gbps', rtt: '200ms' }],
            drPolicy: { drClusters: ['dr1', 'dr2'], schedulingInterval: '5m' },
            applications: [{ name: 'app', volumes: [{ name: 'data', size: '10Gi', writeRate: '64KiB/s', randomWriteSize: '4Ki' }] }],
            timings: { schedulerLagMax: '0s' },
            disasters: [{ kind: 'siteLoss', target: 'east', at: { uniform: ['2h', '3h'] } }],
          }),
          { runIndex },
        );
        const summary = summarizeRun(run);
        const lossMs = run.record.steadyStateEndMs;
        const intoSlot = lossMs % I;
        // Lost after the sync of this slot's snapshot completed (slot + 1 s + D): RPO from that snapshot; else the previous one.
        const expected = intoSlot >= CREATE_MS + D ? intoSlot - CREATE_MS : intoSlot + I - CREATE_MS;
        expect(summary.violations).toEqual([]);
        expect(Math.abs(summary.applications[0].rpoMs - expected)).toBeLessThanOrEqual(2);
      }
    });
  });

  describe('a saturated link: the lag settles high but finite (merged deltas never exceed the working set)', () => {
    /*
     * One image: working set W = size = 14400 MiB, link B = 8 MiB/s, writes
     * r = 100 B = 800 MiB/s, interval I = 5 min, snapshots created CREATE_MS
     * after their slot. Any delta covers at least one interval of writes,
     * r I = 16.7 W, so it holds W (1 - exp(-r t / W)) = W unique bytes (to
     * 1e-7) and its sync takes T = W / B = 1800 s = 6 I; the initial full copy
     * (allocated = W) also takes T, ending at c0 = T.
     *
     * With at most L - 1 snapshots pending (rbd_mirroring_max_mirroring_snapshots
     * = L; ceph/ceph src/librbd/mirror/snapshot/CreatePrimaryRequest.cc
     * unlink_peer), each new snapshot merges into the newest pending one, so
     * the newest absorbs writes until a sync completes; then it is frozen,
     * created at the last slot before that completion: at c_j - (I - CREATE_MS),
     * the completions being T apart on the slot grid. A sync completes every T,
     * and the snapshot frozen at c_j is L - 2 places from the head: it syncs
     * in [c_{j+L-3}, c_{j+L-2}]. Just after c_{j+L-2} the RPO is
     * (L - 2) T + phi, with phi = I - CREATE_MS, rising to (L - 1) T + phi
     * before the next completion: over whole teeth
     *   min = (L - 2) T + phi, max = (L - 1) T + phi, mean = (L - 1.5) T + phi,
     * finite whatever the run length (L = 3: 34m59s .. 64m59s around 49m59s).
     * The old model called the same run unbounded and reported no RPO.
     *
     * Tolerance: a sync ends on the next whole ms, so completions may drift
     * by 1 ms a cycle (48 cycles a day): 100 ms.
     */
    const T = 1800 * SECOND;
    const I = 5 * MINUTE;
    const phi = I - CREATE_MS;
    const saturated = (maxMirroringSnapshots: number) =>
      scenario({
        horizon: '1d',
        links: [{ between: ['east', 'west'], bandwidth: '8MiB/s', rtt: '5ms' }],
        drPolicy: { drClusters: ['dr1', 'dr2'], schedulingInterval: '5m' },
        applications: [{ name: 'app', volumes: [{ name: 'data', size: '14400Mi', writeRate: '800MiB/s' }] }],
        timings: { schedulerLagMax: '0s', maxMirroringSnapshots },
      });

    it.each([3, 5])('L = %i: RPO between (L - 2) T + phi and (L - 1) T + phi, mean (L - 1.5) T + phi', (L) => {
      const run = simulateRun(saturated(L), { runIndex: 0 });
      const summary = summarizeRun(run);
      expect(Math.abs(run.record.protectionEstablishedMs! - T)).toBeLessThanOrEqual(1);
      const over = toRpoOverTime(summary.rpoOverTime!);
      expect(over).toMatchObject({ unbounded: false, saturated: true });
      expect(over.max).not.toBeNull();
      expect(over.max! * SECOND).toBeLessThanOrEqual((L - 1) * T + phi + 100);
      // Whole teeth from the fifth completion after c0 to the horizon (c0 + 47 T).
      const [image] = run.record.images;
      const steps = recoveryPointSteps(image.syncedCompletionMs, image.syncedCreationMs);
      const from = image.syncedCompletionMs[5];
      const to = image.syncedCompletionMs[47];
      expect(Math.abs(from - 6 * T)).toBeLessThanOrEqual(100);
      const statistics = rpoStatistics(rpoDistribution(steps, from, to, I));
      expect(Math.abs(statistics.meanMs - ((L - 1.5) * T + phi))).toBeLessThanOrEqual(100);
      expect(Math.abs(statistics.maxMs - ((L - 1) * T + phi))).toBeLessThanOrEqual(100);
      expect(Math.abs(rpoQuantile(rpoDistribution(steps, from, to, I), 0) - ((L - 2) * T + phi))).toBeLessThanOrEqual(100);
      expect(summary.violations).toEqual([]);
    });

    it('reports the figures, not null, with a LINK_SATURATED warning naming the link, its load and the bandwidth it needs', () => {
      const scenarioL3 = saturated(3);
      const summaries = [0, 1].map((runIndex) => summarizeRun(simulateRun(scenarioL3, { runIndex })));
      const result = aggregateRuns(scenarioL3, summaries, 1);
      expect(result.rpoOverTime).toMatchObject({ unbounded: false, saturated: true });
      expect(result.rpoOverTime.mean).toBeGreaterThan(T / SECOND);
      expect(result.rpoOverTime.max).toBeLessThanOrEqual((2 * T + phi + 100) / SECOND);
      const warning = result.warnings!.find((candidate) => candidate.code === 'LINK_SATURATED');
      // r I of writes dirties W: W / I = 48 MiB/s of changed bytes, 600% of 8 MiB/s; keeping up needs 48 MiB/s = 403 Mbps.
      expect(warning?.message).toContain('link east - west is saturated');
      expect(warning?.message).toContain('600% of its 67.1 Mbps');
      expect(warning?.message).toContain('need about 403 Mbps');
    });

    it('is neither saturated nor unbounded with a link that carries the deltas within the interval', () => {
      const summary = summarizeRun(
        simulateRun(
          scenario({
            links: [{ between: ['east', 'west'], bandwidth: '1Gbps', rtt: '5ms' }],
            drPolicy: { drClusters: ['dr1', 'dr2'], schedulingInterval: '5m' },
            applications: [{ name: 'app', volumes: [{ name: 'data', size: '20Gi', writeRate: '50MiB/s' }] }],
          }),
          { runIndex: 0 },
        ),
      );
      expect(toRpoOverTime(summary.rpoOverTime!)).toMatchObject({ unbounded: false, saturated: false });
      expect(summary.warnings.some((warning) => warning.code === 'LINK_SATURATED')).toBe(false);
      expect(summary.rpoOverTime!.maxMs).toBeLessThan(10 * MINUTE);
    });
  });
});
