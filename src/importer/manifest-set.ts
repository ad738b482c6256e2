/** The recognised manifests of one import, by kind. */
import type { Manifest, ManifestKind } from './recognise.js';

export class ManifestSet {
  constructor(readonly manifests: readonly Manifest[]) {}

  ofKind(kind: ManifestKind): Manifest[] {
    return this.manifests.filter((manifest) => manifest.kind === kind);
  }

  has(kind: ManifestKind): boolean {
    return this.manifests.some((manifest) => manifest.kind === kind);
  }
}
