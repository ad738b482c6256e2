/** drsim's version, carried by every result (INV-12: same version, same results). */
export const DRSIM_VERSION = '0.1.0';
