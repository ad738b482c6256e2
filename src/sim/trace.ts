/**
 * The trace of a run: an always-on running digest of everything that happened,
 * and an optional event log for debugging, reports and determinism tests.
 *
 * The digest is two independent 32-bit hash lanes over the 32-bit words of
 * each number fed in (integers split arithmetically, values through their
 * IEEE-754 bytes); it allocates nothing, so it can stay on in production runs
 * and prove that two runs were identical (INV-12).
 */
export interface TraceEntry {
  time: number;
  seq: number;
  label: string;
  value?: number;
}

const FNV_PRIME = 0x01000193;
const WORD = 4294967296; // 2^32
/** Separates recorded values from events in the digest stream. */
const VALUE_MARK = 0x76616c75;
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

  /**
   * Mixes one executed event into the digest (and the log, if kept). Time and
   * sequence are whole numbers below 2^53, so they are split into 32-bit words
   * arithmetically, which is cheaper than going through their float64 bytes;
   * their high words are mixed only when not zero (past 49 days or 2^32
   * events). Kept small, since the run loop inlines it for every event; the
   * rare parts are out of line.
   */
  recordEvent(time: number, seq: number, tag: number): void {
    const timeLow = time >>> 0;
    const seqLow = seq >>> 0;
    this.laneA = mixA(mixA(mixA(this.laneA, timeLow), seqLow), tag);
    this.laneB = mixB(mixB(mixB(this.laneB, timeLow), seqLow), tag);
    if (time !== timeLow || seq !== seqLow) this.mixHighWords((time - timeLow) / WORD, (seq - seqLow) / WORD);
    if (this.log) this.logEvent(time, seq, tag);
  }

  private mixHighWords(timeHigh: number, seqHigh: number): void {
    this.laneA = mixA(mixA(this.laneA, timeHigh), seqHigh);
    this.laneB = mixB(mixB(this.laneB, timeHigh), seqHigh);
  }

  private logEvent(time: number, seq: number, tag: number): void {
    this.log!.push({ time, seq, label: this.labelOf(tag) });
  }

  /** Mixes a model-level fact (a state change with a value) into the digest. */
  recordValue(time: number, tag: number, value: number): void {
    scratch[0] = value;
    const timeLow = time >>> 0;
    const timeHigh = (time - timeLow) / WORD;
    let a = this.laneA;
    let b = this.laneB;
    a = mixA(a, VALUE_MARK);
    b = mixB(b, VALUE_MARK);
    a = mixA(a, timeLow);
    b = mixB(b, timeLow);
    a = mixA(a, timeHigh);
    b = mixB(b, timeHigh);
    a = mixA(a, tag);
    b = mixB(b, tag);
    a = mixA(a, scratchWords[0]);
    b = mixB(b, scratchWords[0]);
    this.laneA = mixA(a, scratchWords[1]);
    this.laneB = mixB(b, scratchWords[1]);
    if (this.log) this.log.push({ time, seq: -1, label: this.labelOf(tag), value });
  }

  /** 16 hex digits identifying everything recorded so far. */
  digest(): string {
    return hex32(this.laneA) + hex32(this.laneB);
  }
}

// Lanes are kept as int32; digest() reads them unsigned.

/** Lane A: FNV-1a over 32-bit words. */
function mixA(lane: number, word: number): number {
  return Math.imul(lane ^ word, FNV_PRIME);
}

/** Lane B: a multiply-xorshift step with other constants, so the lanes fail independently. */
function mixB(lane: number, word: number): number {
  const mixed = Math.imul(lane ^ word, 0x5bd1e995);
  return mixed ^ (mixed >>> 15);
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
