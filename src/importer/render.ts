/**
 * The imported scenario as YAML, each assumed value commented where it
 * stands (`# assumed: ...`), under a header that says where it came from.
 * Short leaf collections are written inline ({uniform: [1d, 6d]}, [dr1, dr2])
 * so the result reads like the hand-written scenarios in scenarios/.
 */
import { Document, isCollection, isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { Assumption } from './import-log.js';
import type { ImportResult } from './import-manifests.js';

const MAX_INLINE_ITEMS = 4;
const MAX_LISTED_SOURCES = 8;

export function renderImportYaml(result: ImportResult): string {
  const document = new Document(result.scenario);
  document.commentBefore = header(result.sources);
  for (const assumption of result.assumptions) attachComment(document, assumption);
  if (document.contents) inlineLeafCollections(document.contents);
  return document.toString({ lineWidth: 0 });
}

function header(sources: readonly string[]): string {
  const listed = sources.slice(0, MAX_LISTED_SOURCES).map((source) => `   ${source}`);
  if (sources.length > MAX_LISTED_SOURCES) listed.push(`   ... and ${sources.length - MAX_LISTED_SOURCES} more`);
  return [
    ' Scenario imported by drsim import from RamenDR manifests:',
    ...listed,
    ' Values marked "assumed:" are not in the manifests: drsim chose them so that',
    ' the scenario runs. Review them before trusting a result, above all the',
    ' write rates, the link bandwidth and RTT, and the disaster studied.',
  ].join('\n');
}

function attachComment(document: Document, assumption: Assumption): void {
  const text = ` assumed: ${assumption.note}`;
  const node = document.getIn(assumption.path, true) as Node | undefined;
  if (node === undefined) throw new Error(`no value at ${assumption.path.join('.')} to comment`);
  if (isScalar(node) || (isCollection(node) && isLeaf(node))) {
    if (isCollection(node)) node.flow = true;
    node.comment = node.comment ? `${node.comment};${text}` : text;
    return;
  }
  // A larger structure: the comment goes on its own line above its key (or list item).
  const parent = document.getIn(assumption.path.slice(0, -1), true) as Node | undefined;
  const key = assumption.path[assumption.path.length - 1];
  const pair = isMap(parent) ? (parent.items.find((item) => isScalar(item.key) && item.key.value === key) as Pair | undefined) : undefined;
  const target = pair && isScalar(pair.key) ? pair.key : node;
  target.commentBefore = target.commentBefore ? `${target.commentBefore}\n${text}` : text;
}

/** A collection of scalars, or of scalars and small lists of scalars, without comments. */
function isLeaf(node: Node): boolean {
  if (!isCollection(node) || node.items.length > MAX_INLINE_ITEMS || hasComment(node)) return false;
  return node.items.every((item) => {
    const value = isPair(item) ? item.value : item;
    if (isScalar(value)) return !hasComment(value);
    return isSeq(value) && value.items.length <= MAX_INLINE_ITEMS && value.items.every((inner) => isScalar(inner) && !hasComment(inner));
  });
}

function hasComment(node: Node): boolean {
  return Boolean(node.comment || node.commentBefore);
}

/** Lists of scalars anywhere, and leaf maps inside lists (a site, a link, a disk). */
function inlineLeafCollections(node: Node, insideList = false): void {
  if (!isCollection(node)) return;
  const scalarList = isSeq(node) && node.items.every((item) => isScalar(item));
  if ((scalarList || insideList) && isLeaf(node) && !containsComment(node)) {
    node.flow = true;
    return;
  }
  for (const item of node.items) {
    const value = isPair(item) ? item.value : item;
    if (value && typeof value === 'object') inlineLeafCollections(value as Node, insideList || isSeq(node));
  }
}

function containsComment(node: Node): boolean {
  if (hasComment(node)) return true;
  if (!isCollection(node)) return false;
  return node.items.some((item) => {
    if (isPair(item)) return (isScalar(item.key) && hasComment(item.key)) || (item.value ? containsComment(item.value as Node) : false);
    return containsComment(item as Node);
  });
}
