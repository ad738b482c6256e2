/**
 * Standard exponential variates by the ziggurat method (Marsaglia and Tsang,
 * "The Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8),
 * 2000). About 99% of draws cost one uniform, a table lookup, a comparison and
 * a multiplication, several times cheaper than -log(1 - u), and exponential
 * delays (Poisson arrivals) are the commonest draws of a discrete-event model.
 *
 * Each draw splits one 32-bit uniform into a layer (the low 8 bits) and a
 * position within the layer (the high 24 bits), so the two never share bits.
 */
import type { RandomStream } from './random.js';

const LAYERS = 256;
/** Where the tail starts, and the area of each layer, for 256 layers (from the paper). */
const TAIL_START = 7.697117470131487;
const LAYER_AREA = 3.949659822581572e-3;
const POSITIONS = 2 ** 24;
const UINT32_RANGE = 2 ** 32;

/** Below this position a draw in the layer lies under the density for sure. */
const acceptBelow = new Float64Array(LAYERS);
/** A position's x value in the layer. */
const positionWidth = new Float64Array(LAYERS);
/** exp(-x) at the layer's right edge. */
const densityAtEdge = new Float64Array(LAYERS);

{
  let edge = TAIL_START;
  let previousEdge = TAIL_START;
  const baseWidth = LAYER_AREA / Math.exp(-edge);
  acceptBelow[0] = (edge / baseWidth) * POSITIONS;
  acceptBelow[1] = 0;
  positionWidth[0] = baseWidth / POSITIONS;
  positionWidth[LAYERS - 1] = edge / POSITIONS;
  densityAtEdge[0] = 1;
  densityAtEdge[LAYERS - 1] = Math.exp(-edge);
  for (let layer = LAYERS - 2; layer >= 1; layer--) {
    edge = -Math.log(LAYER_AREA / edge + Math.exp(-edge));
    acceptBelow[layer + 1] = (edge / previousEdge) * POSITIONS;
    previousEdge = edge;
    densityAtEdge[layer] = Math.exp(-edge);
    positionWidth[layer] = edge / POSITIONS;
  }
}

/** An exponential variate with mean 1. */
export function standardExponential(stream: RandomStream): number {
  const bits = stream.next() * UINT32_RANGE; // a whole number below 2^32
  const layer = bits & (LAYERS - 1);
  const position = (bits - layer) / LAYERS;
  if (position < acceptBelow[layer]) return position * positionWidth[layer];
  return outsideTheCore(stream, layer, position);
}

/** The ~1% of draws that fall in a wedge or in the tail. */
function outsideTheCore(stream: RandomStream, firstLayer: number, firstPosition: number): number {
  let layer = firstLayer;
  let position = firstPosition;
  for (;;) {
    // The base layer's overhang is the tail beyond TAIL_START, memoryless.
    if (layer === 0) return TAIL_START - Math.log(1 - stream.next());
    const x = position * positionWidth[layer];
    const height = densityAtEdge[layer] + stream.next() * (densityAtEdge[layer - 1] - densityAtEdge[layer]);
    if (height < Math.exp(-x)) return x;
    const bits = stream.next() * UINT32_RANGE;
    layer = bits & (LAYERS - 1);
    position = (bits - layer) / LAYERS;
    if (position < acceptBelow[layer]) return position * positionWidth[layer];
  }
}
