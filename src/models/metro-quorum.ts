/**
 * Metro-DR write acknowledgement (docs/domain.md section 2): a write to a
 * stretched image is acknowledged only once both data sites have it, or,
 * once the two are cut apart, only on a site that keeps the stretched
 * cluster's quorum, i.e. still reaches a third site (the arbiter's). A site
 * cut off from both stalls: its instances stay up but nothing they write is
 * acknowledged, so nothing acknowledged is ever lost. Their writes go
 * through again when the site regains quorum (which is why a fenced cluster
 * must stay fenced until it is cleaned up).
 */
import { resumeWriter, stallWriter } from './application-runtime.js';
import type { World } from './world.js';

export function hasQuorum(world: World, site: string): boolean {
  const topology = world.topology;
  const dataSites = world.clusters.map((cluster) => topology.siteOfCluster(cluster));
  const peerSite = dataSites[0] === site ? dataSites[1] : dataSites[0];
  if (topology.sitesConnected(site, peerSite)) return true;
  return world.scenario.spec.sites.some(({ name }) => !dataSites.includes(name) && topology.sitesConnected(site, name));
}

/** Stalls or resumes every instance as its site loses or regains quorum. */
export function followMetroQuorum(world: World): void {
  for (const application of world.applications) {
    for (const cluster of world.clusters) {
      if (!world.topology.isClusterUp(cluster)) continue;
      const quorum = hasQuorum(world, world.topology.siteOfCluster(cluster));
      if (quorum) resumeWriter(application, cluster, world.now);
      else stallWriter(application, cluster, world.now);
    }
  }
}
