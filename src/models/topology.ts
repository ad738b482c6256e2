/**
 * Who is up and who can reach whom. Sites fail as a whole (everything in them
 * stops: clusters, the hub, S3 stores); a link cut partitions one site from
 * others while both keep running. Everything the models ask ("does the hub see
 * this cluster?", "can this cluster upload to that S3 store?") follows from
 * these facts, so combined disasters need no special cases.
 */
export interface TopologySpec {
  sites: readonly string[];
  hubSite: string;
  clusters: readonly { name: string; site: string }[];
  s3Stores: readonly { name: string; site: string }[];
}

interface Partition {
  id: number;
  site: string;
  from: ReadonlySet<string>;
}

export class Topology {
  private readonly siteDown = new Set<string>();
  private readonly clusterDown = new Set<string>();
  private readonly s3Down = new Set<string>();
  private hubLost = false;
  private hubSite: string;
  private partitions: Partition[] = [];
  private nextPartitionId = 0;
  private readonly clusterSite = new Map<string, string>();
  private readonly s3Site = new Map<string, string>();

  constructor(readonly spec: TopologySpec) {
    this.hubSite = spec.hubSite;
    for (const cluster of spec.clusters) this.clusterSite.set(cluster.name, cluster.site);
    for (const store of spec.s3Stores) this.s3Site.set(store.name, store.site);
  }

  setSiteUp(site: string, up: boolean): void {
    if (up) this.siteDown.delete(site);
    else this.siteDown.add(site);
  }
  setClusterUp(cluster: string, up: boolean): void {
    if (up) this.clusterDown.delete(cluster);
    else this.clusterDown.add(cluster);
  }
  setS3Up(store: string, up: boolean): void {
    if (up) this.s3Down.delete(store);
    else this.s3Down.add(store);
  }
  setHubUp(up: boolean): void {
    this.hubLost = !up;
  }

  get hubSiteName(): string {
    return this.hubSite;
  }

  /** A hub restored from backup runs wherever it was rebuilt. */
  relocateHub(site: string): void {
    this.hubSite = site;
  }

  /** Partitions `site` from the `from` sites (all others when empty); returns an id to heal it. */
  cut(site: string, from: readonly string[]): number {
    const others = from.length > 0 ? from : this.spec.sites.filter((other) => other !== site);
    const id = this.nextPartitionId++;
    this.partitions.push({ id, site, from: new Set(others) });
    return id;
  }

  heal(partitionId: number): void {
    this.partitions = this.partitions.filter((partition) => partition.id !== partitionId);
  }

  isSiteUp(site: string): boolean {
    return !this.siteDown.has(site);
  }

  isClusterUp(cluster: string): boolean {
    return !this.clusterDown.has(cluster) && this.isSiteUp(this.siteOfCluster(cluster));
  }

  isHubUp(): boolean {
    return !this.hubLost && this.isSiteUp(this.hubSite);
  }

  isS3Up(store: string): boolean {
    return !this.s3Down.has(store) && this.isSiteUp(this.siteOfS3(store));
  }

  /** Both sites up and no partition between them. */
  sitesConnected(a: string, b: string): boolean {
    if (!this.isSiteUp(a) || !this.isSiteUp(b)) return false;
    if (a === b) return true;
    for (const partition of this.partitions) {
      if ((partition.site === a && partition.from.has(b)) || (partition.site === b && partition.from.has(a))) return false;
    }
    return true;
  }

  hubSeesCluster(cluster: string): boolean {
    return this.isHubUp() && this.isClusterUp(cluster) && this.sitesConnected(this.hubSite, this.siteOfCluster(cluster));
  }

  clustersConnected(a: string, b: string): boolean {
    return this.isClusterUp(a) && this.isClusterUp(b) && this.sitesConnected(this.siteOfCluster(a), this.siteOfCluster(b));
  }

  clusterReachesS3(cluster: string, store: string): boolean {
    return this.isClusterUp(cluster) && this.isS3Up(store) && this.sitesConnected(this.siteOfCluster(cluster), this.siteOfS3(store));
  }

  siteOfCluster(cluster: string): string {
    const site = this.clusterSite.get(cluster);
    if (site === undefined) throw new Error(`unknown cluster ${cluster}`);
    return site;
  }

  siteOfS3(store: string): string {
    const site = this.s3Site.get(store);
    if (site === undefined) throw new Error(`unknown S3 store ${store}`);
    return site;
  }
}
