/**
 * What Metro-DR (and journal mirroring) cost the writes, and what a Metro
 * failback copies (docs/domain.md section 2):
 * - every synchronous write waits at least one inter-site round trip; a
 *   journaled write first waits for its journal append;
 * - in stretch mode (size 4, two copies per site) the primary sends two
 *   copies of every write to the other site, so the link carries twice the
 *   write rate, and a smaller link throttles the writes without losing any;
 * - when the lost site returns, Ceph recovers the objects written while the
 *   sites were apart (both copies of the returning site), not every
 *   allocated byte, and protection is back once that is done.
 */
import { describe, expect, it } from 'vitest';
import { runStudy } from '../../src/analysis/monte-carlo.js';
import { renderRunReport } from '../../src/cli/format/run-report.js';
import { checkInvariants } from '../../src/analysis/invariants.js';
import { simulateRun } from '../../src/models/simulate-run.js';
import { METRO_WRITES_THROTTLED, metroThrottleWarning, metroWriteThrottles } from '../../src/models/write-path.js';
import { CONSTANT_TIMINGS, metroSpec, scenario } from './scenario-builder.js';

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const MiB = 2 ** 20;
const GiB = 2 ** 30;

describe('write latency added by replication', () => {
  const latencyOf = async (spec: Record<string, unknown>) => {
    const { result } = await runStudy(scenario(spec), { runs: 2, workers: 1 });
    return result.applications.map((application) => application.writeLatencyAddedMs);
  };

  it('is one inter-site round trip per synchronous Metro write, one journal append per journaled write, nothing for snapshots', async () => {
    // Metro: the base Metro link has rtt 2ms; the write is acknowledged once
    // the copies in the other site have it: + 2 ms.
    expect(await latencyOf(metroSpec())).toEqual([2]);
    expect(await latencyOf(metroSpec({ links: [{ between: ['east', 'west'], bandwidth: '10Gbps', rtt: '7ms' }] }))).toEqual([7]);
    // Journal: librbd writes the image only once the journal event is safe,
    // so each write first pays a journal append: timings.journalAppendLatency
    // (default 1 ms), whatever the inter-site RTT (5 ms here).
    expect(await latencyOf({ drPolicy: { mirroringMode: 'journal' } })).toEqual([1]);
    expect(await latencyOf({ drPolicy: { mirroringMode: 'journal' }, timings: { journalAppendLatency: '3ms' } })).toEqual([3]);
    // Snapshot mirroring is asynchronous.
    expect(await latencyOf({})).toEqual([0]);
  });
});

describe('Metro writes over a link too small for the stretch-mode replicas', () => {
  // 10 MiB/s of writes put 2 x 10 MiB/s = 20,971,520 B/s (167.8 Mbps) on the link.
  const throttledRun = (bandwidth: string) =>
    simulateRun(
      scenario(
        metroSpec({
          links: [{ between: ['east', 'west'], bandwidth, rtt: '2ms' }],
          applications: [{ name: 'app', preferredCluster: 'dr1', volumes: [{ name: 'data', size: '100Gi', writeRate: '10MiB/s' }] }],
          disasters: [{ kind: 'siteLoss', target: 'east', at: '2h' }],
          response: { action: 'Failover', fencing: 'ManuallyFenced' },
        }),
      ),
      { runIndex: 0 },
    );

  it('throttle the writes to half the link, naming the link, the demand and the throughput, and lose nothing', () => {
    // 100 Mbps = 12,500,000 B/s < 20,971,520 B/s: the application gets
    // 10 MiB/s x 12.5e6 / 20,971,520 = 12.5e6 / 2 B/s = 5.96 MiB/s.
    const run = throttledRun('100Mbps');
    const warning = run.record.warnings.find((candidate) => candidate.code === METRO_WRITES_THROTTLED);
    expect(warning?.message).toMatch(/link east-west \(100 Mbps\)/);
    expect(warning?.message).toMatch(/168 Mbps \(20 MiB\/s\)/);
    expect(warning?.message).toMatch(/app gets 5\.96 MiB\/s of the 10 MiB\/s it asks/);
    const [throttle] = metroWriteThrottles(run.world.scenario.spec);
    expect(throttle.demandBytesPerSecond).toBe(2 * 10 * MiB);
    expect(throttle.throughputBytesPerSecond).toBeCloseTo(12.5e6 / 2, 6);
    // A site lost meanwhile: the acknowledged writes were all in both sites.
    expect(run.actions[0].episodes[0].outcome.dataLossBytes).toBe(0);
    expect(checkInvariants(run)).toEqual([]);
    // 200 Mbps = 25,000,000 B/s carries the 20,971,520 B/s: no throttling
    // (a link sized for the write rate alone, 84 Mbps, would not).
    expect(throttledRun('200Mbps').record.warnings.map((candidate) => candidate.code)).not.toContain(METRO_WRITES_THROTTLED);
  });

  it('throttle at the peaks only when the mean fits but the peak does not', () => {
    // Diurnal 10 MiB/s mean, 20 MiB/s peak: 2 x 10 MiB/s = 20,971,520 B/s
    // fits 300 Mbps (37,500,000 B/s); 2 x 20 MiB/s = 41,943,040 B/s does not:
    // at the peak the application gets 20 MiB/s x 37.5e6 / 41,943,040 =
    // 18,750,000 B/s = 17.9 MiB/s.
    const spec = scenario(
      metroSpec({
        links: [{ between: ['east', 'west'], bandwidth: '300Mbps', rtt: '2ms' }],
        applications: [
          { name: 'app', preferredCluster: 'dr1', volumes: [{ name: 'd', size: '100Gi', writeRate: { diurnal: { mean: '10MiB/s', peak: '20MiB/s', peakAt: '14h' } } }] },
        ],
      }),
    ).spec;
    const [throttle] = metroWriteThrottles(spec);
    expect(throttle.when).toBe('peak');
    expect(throttle.demandBytesPerSecond).toBe(2 * 20 * MiB);
    expect(throttle.throughputBytesPerSecond).toBeCloseTo(37.5e6 / 2, 6);
    expect(metroThrottleWarning(spec)?.message).toMatch(/app gets 17\.9 MiB\/s of the 20 MiB\/s it asks at its peak/);
  });

  it('share each direction between the applications written from its side, in proportion to their writes', () => {
    // dr1 writes 6 + 2 MiB/s: 16 MiB/s (134 Mbps) over 100 Mbps, shared 3:1;
    // dr2 writes 4 MiB/s: 8 MiB/s (67 Mbps) fits.
    const spec = scenario(
      metroSpec({
        links: [{ between: ['east', 'west'], bandwidth: '100Mbps', rtt: '2ms' }],
        applications: [
          { name: 'big', preferredCluster: 'dr1', volumes: [{ name: 'd', size: '10Gi', writeRate: '6MiB/s' }] },
          { name: 'small', preferredCluster: 'dr1', volumes: [{ name: 'd', size: '10Gi', writeRate: '2MiB/s' }] },
          { name: 'other', preferredCluster: 'dr2', volumes: [{ name: 'd', size: '10Gi', writeRate: '4MiB/s' }] },
        ],
      }),
    ).spec;
    const throttles = metroWriteThrottles(spec);
    expect(throttles.map((throttle) => throttle.application)).toEqual(['big', 'small']);
    expect(throttles[0].throughputBytesPerSecond).toBeCloseTo((12.5e6 * 3) / 4 / 2, 6);
    expect(throttles[1].throughputBytesPerSecond).toBeCloseTo(12.5e6 / 4 / 2, 6);
  });
});

describe('Metro failback re-protects once Ceph has recovered what changed during the outage', () => {
  const WORKING_SET = 10 * GiB;
  const RATE = 10 * MiB;
  const outageRun = (disaster: Record<string, unknown>) =>
    simulateRun(
      scenario(
        metroSpec({
          timings: CONSTANT_TIMINGS,
          links: [{ between: ['east', 'west'], bandwidth: '1Gbps', rtt: '2ms' }],
          clusters: [
            { name: 'dr1', site: 'east', s3ProfileName: 's3-east', cidrs: ['10.10.0.0/24'] },
            { name: 'dr2', site: 'west', s3ProfileName: 's3-west', cidrs: ['10.20.0.0/24'] },
          ],
          applications: [
            { name: 'app', preferredCluster: 'dr1', volumes: [{ name: 'data', size: '100Gi', workingSet: '10Gi', writeRate: '10MiB/s' }] },
          ],
          disasters: [disaster],
          response: { action: 'Failover', decisionDelay: '0s', fencing: 'ManuallyFenced' },
        }),
      ),
      { runIndex: 0 },
    );

  it('a lost site returning after 4 h receives two copies of the unique bytes written meanwhile, not the 100 GiB allocated', () => {
    const run = outageRun({ kind: 'siteLoss', target: 'east', at: '2h', repairAfter: '4h' });
    expect(checkInvariants(run)).toEqual([]);
    const application = run.world.applications[0];
    // The writes of the outage [2h, 6h] are west's, from the failed-over
    // application's start there: w = 10 MiB/s x (6h - start).
    const westStartMs = application.writerIntervals.find((interval) => interval.cluster === 'dr2')?.fromMs ?? application.writerSinceMs.get('dr2')!;
    const written = (RATE * (6 * HOUR - westStartMs)) / SECOND;
    // Rewrites coalesce: unique = W (1 - exp(-w / W)), about 10 GiB here;
    // both copies of the returning site cross the link (stretch mode).
    const expected = 2 * WORKING_SET * (1 - Math.exp(-written / WORKING_SET));
    expect(run.world.link('dr2', 'dr1').deliveredBytes).toBeCloseTo(expected, -3);
    expect(run.world.link('dr2', 'dr1').deliveredBytes).toBeLessThan(100 * GiB); // before: the 100 GiB allocated
    // Recovery starts when the site returns, at 1 Gbps: 6h + ~172 s at the
    // earliest; copying 100 GiB (859 s) is no longer in the way.
    const recoveryMs = (expected / 125e6) * SECOND;
    const outcome = run.actions[0].episodes[0].outcome;
    expect(outcome.reprotected).toBe(true);
    expect(outcome.unprotectedMs).toBeGreaterThanOrEqual(4 * HOUR + recoveryMs);
    expect(outcome.unprotectedMs).toBeLessThan(4 * HOUR + ((100 * GiB) / 125e6) * SECOND);
  });

  it('a partition of the hub alone recovers nothing: the stretched cluster stayed whole', () => {
    // east is cut from the hub's site, not from west: the data sites never
    // parted, so the failback has no object to recover (before: 100 GiB).
    const run = outageRun({ kind: 'linkCut', target: 'east', from: ['witness'], at: '2h', repairAfter: '1h' });
    expect(run.actions[0].episodes[0].outcome.reprotected).toBe(true);
    expect(run.world.link('dr2', 'dr1').deliveredBytes).toBe(0);
    expect(run.world.link('dr1', 'dr2').deliveredBytes).toBe(0);
  });
});

describe('the write stall of the surviving Metro site', () => {
  // Two applications: `app` on dr1 (east), `web` on dr2 (west). East is lost at 2 h
  // (repaired after 1 h): every placement group has replicas in both data sites, so
  // writes on west block until degraded stretch mode, metroIoStall (fixed at 25 s
  // here). web keeps running on west and is not failed over: its writes stalled
  // 25 s. app ran on the lost site: no write of it was waiting on west.
  const spec = (disaster: Record<string, unknown>) =>
    metroSpec({
      applications: [
        { name: 'app', preferredCluster: 'dr1', volumes: [{ name: 'data', size: '1Gi', writeRate: '64KiB/s' }] },
        { name: 'web', preferredCluster: 'dr2', volumes: [{ name: 'data', size: '1Gi', writeRate: '64KiB/s' }] },
      ],
      disasters: [disaster],
      response: { action: 'Failover', fencing: 'ManuallyFenced' },
      timings: { metroIoStall: '25s' },
    });

  it('is reported for each application writing on the surviving site, per run and in the result', async () => {
    const run = simulateRun(scenario(spec({ kind: 'siteLoss', target: 'east', at: '2h', repairAfter: '1h' })), { runIndex: 0 });
    expect(run.record.applications.map((outcome) => [outcome.name, outcome.action, outcome.writeStallMs])).toEqual([
      ['app', 'Failover', 0],
      ['web', 'None', 25 * SECOND],
    ]);
    const { result } = await runStudy(scenario(spec({ kind: 'siteLoss', target: 'east', at: '2h', repairAfter: '1h' })), { runs: 2, workers: 1 });
    expect(result.applications.map((application) => application.writeStallSeconds?.max)).toEqual([0, 25]);
    // The CLI run report shows it beside each application's RTO.
    const report = renderRunReport(result);
    expect(report).toMatch(/write stall p50\s+write stall max/);
    expect(report).toMatch(/web .* 25s\s+25s/);
  });

  it('is nothing when the arbiter site is lost: both data sites keep their replicas', () => {
    const run = simulateRun(scenario(spec({ kind: 'siteLoss', target: 'witness', at: '2h', repairAfter: '1h' })), { runIndex: 0 });
    expect(run.record.applications.map((outcome) => outcome.writeStallMs)).toEqual([0, 0]);
  });

  it('is not reported for Regional-DR, which has no stretched cluster', async () => {
    const { result } = await runStudy(scenario({ disasters: [{ kind: 'siteLoss', target: 'east', at: '2h' }] }), { runs: 1, workers: 1 });
    expect(result.applications[0].writeStallSeconds).toBeUndefined();
  });
});
