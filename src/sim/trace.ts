/**
 * The trace of a run: an always-on running digest of everything that happened,
 * and an optional event log for debugging, reports and determinism tests.
 *
 * The digest is two independent 32-bit FNV-1a style lanes over the IEEE-754
 * words of each number fed in; it allocates nothing, so it can stay on in
 * production runs and prove that two runs were identical (INV-12).
 */
export interface TraceEntry {
  time: number;
  seq: number;
  label: string;
  value?: number;
}

const FNV_PRIME = 0x01000193;
const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

export class Trace {
  private laneA = 0x811c9dc5;
  private laneB = 0x050c5d1f;
  private readonly labels: string[] = ['event'];
  private readonly labelIds = new Map<string, number>([['event', 0]]);
  readonly log: TraceEntry[] | undefined;

  constructor(options: { log?: boolean } = {}) {
    this.log = options.log ? [] : undefined;
  }

  /** Interns a label and returns its numeric tag (0 is the anonymous "event"). */
  tag(label: string): number {
    let id = this.labelIds.get(label);
    if (id === undefined) {
      id = this.labels.length;
      this.labels.push(label);
      this.labelIds.set(label, id);
    }
    return id;
  }

  labelOf(tag: number): string {
    return this.labels[tag] ?? `tag${tag}`;
  }

  /** Mixes one executed event into the digest (and the log, if kept). */
  recordEvent(time: number, seq: number, tag: number): void {
    this.mix(time);
    this.mix(seq);
    this.mix(tag);
    if (this.log) this.log.push({ time, seq, label: this.labelOf(tag) });
  }

  /** Mixes a model-level fact (a state change with a value) into the digest. */
  recordValue(time: number, tag: number, value: number): void {
    this.mix(time);
    this.mix(tag);
    this.mix(value);
    if (this.log) this.log.push({ time, seq: -1, label: this.labelOf(tag), value });
  }

  /** 16 hex digits identifying everything recorded so far. */
  digest(): string {
    return hex32(this.laneA) + hex32(this.laneB);
  }

  private mix(value: number): void {
    scratch[0] = value;
    const low = scratchWords[0];
    const high = scratchWords[1];
    let a = this.laneA;
    let b = this.laneB;
    a = Math.imul(a ^ low, FNV_PRIME);
    a = Math.imul(a ^ high, FNV_PRIME);
    b = Math.imul(b ^ high, 0x2f3b9b2d) ^ (b >>> 15);
    b = Math.imul(b ^ low, 0x5bd1e995) ^ (b >>> 13);
    this.laneA = a >>> 0;
    this.laneB = b >>> 0;
  }
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
