/**
 * The scenario format (docs/scenario-reference.md): one zod schema from the
 * written document to the parsed, unit-converted, defaulted `Scenario`.
 * Field names are user-facing: extend them, never rename them.
 */
import { z } from 'zod';
import { MAX_HORIZON_MS, MAX_KUBE_OBJECTS, MAX_LIST_LENGTH, MAX_RUNS, MAX_VM_COUNT } from '../limits.js';
import { checkScenarioSpec } from './cross-checks.js';
import {
  bandwidthField,
  durationField,
  eventRateField,
  fieldMeta,
  integerField,
  nameField,
  schedulingIntervalField,
  sizeField,
} from './fields.js';
import { randomDurationField } from './random-quantity.js';
import { resolveSpecDefaults } from './resolve-defaults.js';
import { TimingsSchema } from './timings.js';
import { writeRateField } from './write-profile.js';

export const SCENARIO_API_VERSION = 'drsim.dev/v1alpha1';
export const SCENARIO_KIND = 'Scenario';

/** A bounded list; `minimum` items required (0 by default). */
function list<T extends z.ZodType>(item: T, description: string, minimum = 0) {
  const expected =
    minimum > 0 ? `a list of ${minimum} to ${MAX_LIST_LENGTH} items` : `a list of at most ${MAX_LIST_LENGTH} items`;
  return z.array(item).min(minimum).max(MAX_LIST_LENGTH).meta(fieldMeta({ description, expected }));
}

const CIDR_EXPECTED = 'a CIDR such as 10.0.1.0/24 or fd00::/64';
const cidr = z
  .string()
  .refine((value) => z.cidrv4().safeParse(value).success || z.cidrv6().safeParse(value).success, {
    message: `expected ${CIDR_EXPECTED}`,
    params: { expected: CIDR_EXPECTED },
  })
  .meta(fieldMeta({ description: 'A node CIDR.', expected: CIDR_EXPECTED }));

const SiteSchema = z
  .strictObject({ name: nameField('Site (data center or zone) name.') })
  .meta(fieldMeta({ description: 'A failure domain: everything in it fails together on siteLoss.' }));

const HubSchema = z
  .strictObject({
    site: z.string().meta(fieldMeta({ description: 'Site of the hub cluster (one of spec.sites).' })),
    restoreTime: randomDurationField(
      'Time to restore a lost hub from backup, started once the loss is detected and DR declared; the surviving clusters are re-imported after it (timings.hubReimportTime). Default: spec.timings.hubRestoreTime.',
    ).optional(),
  })
  .meta(fieldMeta({ description: 'The hub cluster (Ramen hub operator, OCM/ACM).' }));

const ClusterSchema = z
  .strictObject({
    name: nameField('Managed cluster name (DRCluster).'),
    site: z.string().meta(fieldMeta({ description: 'Site the cluster runs in (one of spec.sites).' })),
    region: z
      .string()
      .optional()
      .meta(fieldMeta({ description: 'DRCluster spec.region. Default: the site name.' })),
    s3ProfileName: z
      .string()
      .meta(fieldMeta({ description: 'DRCluster spec.s3ProfileName: the S3 profile restored from when recovering to this cluster (one of spec.s3Profiles).' })),
    cidrs: list(cidr, 'DRCluster spec.cidrs: node CIDRs a NetworkFence blocklists (Metro-DR fencing).').prefault([]),
  })
  .meta(fieldMeta({ description: 'A managed (DR) cluster.' }));

const LinkSchema = z
  .strictObject({
    between: z
      .tuple([z.string(), z.string()])
      .meta(fieldMeta({ description: 'The two sites the link joins.', expected: 'two site names, e.g. [east, west]' })),
    bandwidth: bandwidthField('Bandwidth available to replication, each way.'),
    rtt: durationField('Round-trip time.'),
  })
  .meta(fieldMeta({ description: 'A network link between two sites.' }));

const S3ProfileSchema = z
  .strictObject({
    name: nameField('S3 profile name (RamenConfig s3StoreProfiles).'),
    site: z.string().meta(fieldMeta({ description: 'Site hosting the S3 store (one of spec.sites); it is lost with its site.' })),
  })
  .meta(fieldMeta({ description: 'An S3 store holding PV/PVC objects, VRGs and kube-object captures.' }));

const DrPolicySchema = z
  .strictObject({
    name: nameField('DRPolicy name.').default('dr-policy'),
    drClusters: z
      .array(z.string())
      .length(2)
      .meta(
        fieldMeta({
          description: 'The two managed clusters of the policy (DRPolicy spec.drClusters; Ramen requires exactly 2).',
          expected: 'exactly two cluster names (Ramen: "drClusters requires a list of 2 clusters")',
        }),
      ),
    schedulingInterval: schedulingIntervalField(
      'DRPolicy spec.schedulingInterval: "" means Metro-DR (synchronous); otherwise the mirror snapshot interval, whole minutes (`^\\d+[mhd]$`, at least 1m). Parsed to ms, or null for Metro-DR.',
    ),
    mirroringMode: z
      .enum(['snapshot', 'journal'])
      .default('snapshot')
      .meta(
        fieldMeta({
          description: 'RBD mirroring mode of the VolumeReplicationClass (Regional-DR only): snapshot, or journal (RPO = replay lag).',
          expected: 'snapshot or journal',
        }),
      ),
    failoverMaintenanceMode: z
      .boolean()
      .default(true)
      .meta(
        fieldMeta({
          description:
            'Regional-DR: the VolumeReplicationClass carries ramendr.openshift.io/maintenancemodes: Failover, as ODF labels its RBD classes, so a failover first waits for a storage MaintenanceMode on the failover cluster (timings.maintenanceModeActivation). false for a storage provider without it.',
          expected: 'true or false',
        }),
      ),
  })
  .meta(fieldMeta({ description: 'The DRPolicy.' }));

const KubeObjectProtectionSchema = z
  .strictObject({
    captureInterval: durationField('Time between capture starts (Ramen default 5m).').prefault('5m'),
    objects: integerField('Kubernetes objects captured per cycle.', 0, MAX_KUBE_OBJECTS).default(20),
    changeRate: eventRateField('Rate at which protected objects are created, changed or deleted.').prefault('1/h'),
  })
  .meta(fieldMeta({ description: 'DRPC kubeObjectProtection: periodic captures of Kubernetes objects to S3. Absent: objects come from Git (GitOps apps), none are captured.' }));

function storageFields(kind: 'disk' | 'volume') {
  return {
    size: sizeField(`Provisioned size of the ${kind} (every byte allocated unless \`allocated\` says less).`),
    workingSet: sizeField(`Part of the ${kind} that writes land on, uniformly (<= allocated). Default: the allocated bytes.`).optional(),
    allocated: sizeField(
      `Bytes allocated in the ${kind}'s RBD image (thin provisioning; working set <= allocated <= size). The initial full copy and a failback resync re-create the image on the peer and copy every allocated object, whatever the working set. Default: the size.`,
    ).optional(),
    writeRate: writeRateField(`Write load of the ${kind}.`),
    randomWriteSize: sizeField(
      `Size of each write when the ${kind}'s writes land at random over its working set (a database's 8Ki pages, a guest's 4Ki blocks). A delta then changes up to one RBD object per write, and each changed object costs the sync round trips to the primary (at most timings.concurrentObjectCopies in flight), so on a long RTT the sync is latency-bound. Default: writes packed, the unique changed bytes filling whole objects.`,
    ).optional(),
  };
}

const DiskSchema = z
  .strictObject({
    name: nameField('Disk (PVC) name. Default: disk-<index>.').optional(),
    ...storageFields('disk'),
  })
  .meta(fieldMeta({ description: 'A VM disk: one PVC, one RBD image.' }));

const VmSchema = z
  .strictObject({
    name: nameField('VM name.'),
    count: integerField('Identical VMs described by this entry.', 1, MAX_VM_COUNT).default(1),
    disks: list(DiskSchema, 'The disks of each VM; a multi-disk VM syncs them independently.', 1),
    boot: randomDurationField('Boot time until ready. Default: spec.timings.vmBoot.').optional(),
    crashRecovery: randomDurationField(
      'Guest crash recovery after a failover (crash-consistent disks). Default: spec.timings.vmCrashRecovery.',
    ).optional(),
  })
  .meta(fieldMeta({ description: 'OpenShift Virtualization VMs of the application.' }));

const VolumeSchema = z
  .strictObject({
    name: nameField('PVC name.'),
    ...storageFields('volume'),
  })
  .meta(fieldMeta({ description: 'A PVC of a non-VM workload.' }));

export const APPLICATION_DEPLOYMENTS = ['Subscription', 'ApplicationSet', 'Discovered'] as const;
export type ApplicationDeployment = (typeof APPLICATION_DEPLOYMENTS)[number];

const ApplicationSchema = z
  .strictObject({
    name: nameField('Application (DRPC) name.'),
    preferredCluster: z
      .string()
      .optional()
      .meta(fieldMeta({ description: 'DRPC preferredCluster: home and relocate target. Default: drPolicy.drClusters[0].' })),
    failoverCluster: z
      .string()
      .optional()
      .meta(fieldMeta({ description: 'DRPC failoverCluster: the failover target. Default: the other DR cluster.' })),
    kubeObjectProtection: KubeObjectProtectionSchema.optional(),
    deployment: z
      .enum(APPLICATION_DEPLOYMENTS)
      .optional()
      .meta(
        fieldMeta({
          description:
            'How the application is deployed: Subscription (OCM Subscription: ACM deploys it where the placement points), ApplicationSet (Argo CD: the placement change is seen at its next requeue, timings.applicationSetRequeue), or Discovered (no GitOps: its objects come back from the kubeObjectProtection capture, so the restore is on the RTO path). Default: Discovered with kubeObjectProtection, Subscription without.',
          expected: APPLICATION_DEPLOYMENTS.join(', '),
        }),
      ),
    vms: list(VmSchema, 'VMs of the application.').prefault([]),
    volumes: list(VolumeSchema, 'PVCs of non-VM workloads.').prefault([]),
  })
  .meta(fieldMeta({ description: 'A DR-protected application: one DRPlacementControl.' }));

export const DISASTER_KINDS = ['siteLoss', 'clusterLoss', 'hubLoss', 'linkCut', 's3Outage'] as const;

const DisasterSchema = z
  .strictObject({
    kind: z.enum(DISASTER_KINDS).meta(
      fieldMeta({
        description:
          'siteLoss (cluster, hub and S3 store in the site stop), clusterLoss, hubLoss, linkCut (the target site is partitioned from the sites in from), s3Outage.',
        expected: DISASTER_KINDS.join(', '),
      }),
    ),
    target: z
      .string()
      .meta(fieldMeta({ description: 'A site (siteLoss, linkCut), a cluster (clusterLoss), `hub` (hubLoss) or an S3 profile (s3Outage).' })),
    at: randomDurationField('When it happens, from the start of the run (within the horizon).'),
    repairAfter: randomDurationField('Time until it is repaired. Absent: not repaired during the run.').optional(),
    from: list(z.string(), 'linkCut only: the sites the target is cut from. Default: all other sites.').optional(),
  })
  .meta(fieldMeta({ description: 'An unplanned event.' }));

export const OPERATION_ACTIONS = ['Relocate', 'Failover', 'Fence', 'Unfence'] as const;

const OperationSchema = z
  .strictObject({
    action: z.enum(OPERATION_ACTIONS).meta(
      fieldMeta({
        description:
          'Relocate (planned move), Failover as a drill (both on app); Fence or Unfence (Metro-DR, on cluster): the DRCluster spec.clusterFence set Fenced (a NetworkFence on the peer) or Unfenced, as the documented Metro failback does before its relocate.',
        expected: OPERATION_ACTIONS.join(', '),
      }),
    ),
    at: randomDurationField('When the DRPC action (or the DRCluster fence) is set, from the start of the run.'),
    app: z.string().optional().meta(fieldMeta({ description: 'Relocate, Failover: the application (one of spec.applications).' })),
    cluster: z.string().optional().meta(fieldMeta({ description: 'Fence, Unfence: the DRCluster (one of drPolicy.drClusters).' })),
  })
  .meta(fieldMeta({ description: 'A planned DR action.' }));

const ObjectivesSchema = z
  .strictObject({
    rpo: durationField('Recovery point objective.').optional(),
    rto: durationField('Recovery time objective.').optional(),
    percentile: z
      .number()
      .gt(0)
      .lte(100)
      .default(99)
      .meta(fieldMeta({ description: 'Percentile of runs that must meet the objectives.', expected: 'a number greater than 0 and at most 100' })),
  })
  .meta(fieldMeta({ description: 'Targets that results and sizing are checked against.' }));

const ResponseSchema = z
  .strictObject({
    action: z
      .enum(['Failover', 'Relocate'])
      .default('Failover')
      .meta(fieldMeta({ description: 'The DRPC action the operator takes after a disaster.', expected: 'Failover or Relocate' })),
    decisionDelay: randomDurationField('From detection to the DRPC action (Regional-DR has no automatic failover).').prefault('10m'),
    decisionScope: z
      .enum(['disaster', 'application'])
      .default('disaster')
      .meta(
        fieldMeta({
          description:
            'Who decides: disaster (one operator declares DR once and sets the action of every DRPC the disaster hit: one decisionDelay per disaster) or application (each application owner decides alone: one decisionDelay per application).',
          expected: 'disaster or application',
        }),
      ),
    fencing: z
      .enum(['Fenced', 'ManuallyFenced', 'None'])
      .default('Fenced')
      .meta(
        fieldMeta({
          description: 'Metro-DR fencing of the failed cluster before failover: Fenced (NetworkFence), ManuallyFenced (immediate), None (unsafe what-if).',
          expected: 'Fenced, ManuallyFenced or None',
        }),
      ),
    unfencing: z
      .enum(['Manual', 'Automatic'])
      .default('Manual')
      .meta(
        fieldMeta({
          description:
            'Metro-DR failback: Manual (Ramen never unfences: the user sets the DRCluster clusterFence Unfenced, an Unfence operation, and a relocate to a still fenced cluster is refused, as readyToSwitchOver does) or Automatic (the failback runbook unfences the target as the relocate\'s first step; the application serves meanwhile, so the wait is not downtime but delays PeerReady).',
          expected: 'Manual or Automatic',
        }),
      ),
  })
  .meta(fieldMeta({ description: 'What the operator does after a disaster.' }));

const SpecObjectSchema = z
  .strictObject({
    seed: integerField('Random seed; the CLI --seed overrides it.', 0, Number.MAX_SAFE_INTEGER).default(1),
    runs: integerField('Monte Carlo runs; the CLI --runs overrides it.', 1, MAX_RUNS).default(200),
    horizon: durationField('Simulated span of one run; disasters and operations start within it.', MAX_HORIZON_MS).prefault('7d'),
    sites: list(SiteSchema, 'Sites (failure domains).', 1),
    hub: HubSchema,
    clusters: list(ClusterSchema, 'Managed clusters.', 2),
    links: list(LinkSchema, 'Network links between sites.').prefault([]),
    s3Profiles: list(S3ProfileSchema, 'S3 stores.', 1),
    drPolicy: DrPolicySchema,
    applications: list(ApplicationSchema, 'Protected applications.', 1),
    disasters: list(DisasterSchema, 'Unplanned events.').prefault([]),
    operations: list(OperationSchema, 'Planned DR actions.').prefault([]),
    objectives: ObjectivesSchema.optional(),
    response: ResponseSchema.prefault({}),
    timings: TimingsSchema.prefault({}),
  })
  .meta(fieldMeta({ description: 'What to simulate.' }));

/** Output of the spec before cross-field defaults: what the cross checks and default resolution read. */
export type ParsedSpecFields = z.output<typeof SpecObjectSchema>;

const SpecSchema = SpecObjectSchema.superRefine(checkScenarioSpec, { when: () => true }).transform(resolveSpecDefaults);

export const ScenarioSchema = z
  .strictObject({
    apiVersion: z
      .literal(SCENARIO_API_VERSION)
      .meta(fieldMeta({ description: 'Format version.', expected: `"${SCENARIO_API_VERSION}"` })),
    kind: z.literal(SCENARIO_KIND).meta(fieldMeta({ description: 'Document kind.', expected: `"${SCENARIO_KIND}"` })),
    metadata: z
      .strictObject({
        name: z
          .string()
          .max(253)
          .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/)
          .meta(
            fieldMeta({
              description: 'Scenario name (DNS-1123 subdomain); results carry it.',
              expected: 'lowercase letters, digits, "-" and ".", starting and ending with a letter or digit (DNS-1123)',
            }),
          ),
        description: z.string().max(10_000).default('').meta(fieldMeta({ description: 'What the scenario studies.' })),
      })
      .meta(fieldMeta({ description: 'Identification.' })),
    spec: SpecSchema,
  })
  .meta(fieldMeta({ description: 'A drsim scenario.' }));

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type ScenarioSpec = Scenario['spec'];
