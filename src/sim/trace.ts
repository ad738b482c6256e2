/**
 * The trace of a run: an always-on running digest of everything that happened,
 * and an optional event log for debugging, reports and determinism tests.
 *
 * The digest is 64 bits: a 32-bit multiplicative hash chain over the 32-bit
 * words of each number fed in (integers split arithmetically, values through
 * their IEEE-754 bytes), and the running sum of that chain's states, so two
 * histories that happen to meet in one chain state still differ in the sum
 * (Fletcher's idea, applied to hash states). An event costs three
 * multiplications and an addition, and nothing is allocated, so the digest
 * stays on in production runs and proves that two runs were identical
 * (INV-12).
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
/** Golden-ratio multiplier: spreads small tag ids over all 32 bits before they meet the sequence word. */
const TAG_SPREAD = 0x9e3779b1;
const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

export class Trace {
  /** The hash chain's state, as an int32. */
  private chain = 0x811c9dc5;
  /** The sum of the chain's states so far, modulo 2^32, as an int32. */
  private sum = 0x050c5d1f;
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
   * the tag (a small label id) is spread over the sequence word; the high
   * words are mixed only when not zero (past 49 days or 2^32 events). Kept
   * small, since the run loop inlines it for every event; the rare parts are
   * out of line.
   */
  recordEvent(time: number, seq: number, tag: number): void {
    const timeLow = time >>> 0;
    const seqLow = seq >>> 0;
    this.advance(mixB(mixA(this.chain, timeLow), seqLow ^ Math.imul(tag, TAG_SPREAD)));
    if (time !== timeLow || seq !== seqLow) this.mixHighWords((time - timeLow) / WORD, (seq - seqLow) / WORD);
    if (this.log) this.logEvent(time, seq, tag);
  }

  private mixHighWords(timeHigh: number, seqHigh: number): void {
    this.advance(mixB(mixA(this.chain, timeHigh), seqHigh));
  }

  private logEvent(time: number, seq: number, tag: number): void {
    this.log!.push({ time, seq, label: this.labelOf(tag) });
  }

  /** Mixes a model-level fact (a state change with a value) into the digest. */
  recordValue(time: number, tag: number, value: number): void {
    scratch[0] = value;
    const timeLow = time >>> 0;
    const timeHigh = (time - timeLow) / WORD;
    let chain = mixA(this.chain, VALUE_MARK);
    chain = mixB(chain, timeLow);
    chain = mixA(chain, timeHigh);
    chain = mixB(chain, tag);
    chain = mixA(chain, scratchWords[0]);
    this.advance(mixB(chain, scratchWords[1]));
    if (this.log) this.log.push({ time, seq: -1, label: this.labelOf(tag), value });
  }

  /** Ends a record: the chain's new state, added to the sum of its states. */
  private advance(chain: number): void {
    this.chain = chain;
    this.sum = (this.sum + chain) | 0;
  }

  /** 16 hex digits identifying everything recorded so far. */
  digest(): string {
    return hex32(this.chain) + hex32(this.sum);
  }
}

// The chain alternates two multiply steps with different constants; digest() reads the int32 states unsigned.

/** An FNV-1a step over a 32-bit word. */
function mixA(state: number, word: number): number {
  return Math.imul(state ^ word, FNV_PRIME);
}

/** A multiply-xorshift step: its shift carries high bits down, which FNV alone never does. */
function mixB(state: number, word: number): number {
  const mixed = Math.imul(state ^ word, 0x5bd1e995);
  return mixed ^ (mixed >>> 15);
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
