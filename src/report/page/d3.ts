/**
 * d3 as the report page has it: the UMD build inlined before the page script
 * sets the global `d3`. Typed with @types/d3; the type import is erased.
 * The page modules compile with the DOM library (src/report/page/tsconfig.json);
 * the rest of drsim does not see browser globals.
 */
import type * as D3 from 'd3';

export const d3: typeof D3 = (globalThis as unknown as { d3: typeof D3 }).d3;
