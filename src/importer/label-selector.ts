/**
 * Kubernetes label selectors (metav1.LabelSelector), as a DRPC's or VRG's
 * pvcSelector gives them: matchLabels and matchExpressions, all of which must
 * hold. A requirement Kubernetes would refuse (an unknown operator, In or
 * NotIn without values) is reported and left out, so the rest still selects.
 */
import { items, record } from '../scenarios/schema/loose.js';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
type Operator = (typeof OPERATORS)[number];

export interface LabelRequirement {
  key: string;
  operator: Operator;
  values: readonly string[];
}

/** The requirements of a selector; none means the selector names no labels. */
export type LabelSelector = readonly LabelRequirement[];

/**
 * Reads a selector; each problem is passed to `problem` with the field it
 * concerns (relative to the selector), the value and what was expected.
 */
export function parseLabelSelector(raw: unknown, problem: (message: string) => void): LabelSelector {
  const selector = record(raw);
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(record(selector.matchLabels))) {
    if (typeof value === 'string') requirements.push({ key, operator: 'In', values: [value] });
    else problem(`matchLabels.${key} is ${JSON.stringify(value)}, expected a string`);
  }
  items(selector.matchExpressions).forEach((entry, index) => {
    const requirement = parseRequirement(record(entry), `matchExpressions[${index}]`, problem);
    if (requirement) requirements.push(requirement);
  });
  return requirements;
}

function parseRequirement(entry: Record<string, unknown>, field: string, problem: (message: string) => void): LabelRequirement | undefined {
  const { key, operator } = entry;
  if (typeof key !== 'string' || key === '') {
    problem(`${field}.key is ${JSON.stringify(key)}, expected a label key; the expression is ignored`);
    return undefined;
  }
  if (!isOperator(operator)) {
    problem(`${field}.operator is ${JSON.stringify(operator)}, expected one of ${OPERATORS.join(', ')}; the expression is ignored`);
    return undefined;
  }
  const values = items(entry.values).filter((value): value is string => typeof value === 'string');
  const needsValues = operator === 'In' || operator === 'NotIn';
  if (needsValues && values.length === 0) {
    problem(`${field}.values is empty, expected at least one value for ${operator}; the expression is ignored`);
    return undefined;
  }
  if (!needsValues && values.length > 0) {
    problem(`${field}.values is given for ${operator}, which takes none; the values are ignored`);
  }
  return { key, operator, values: needsValues ? values : [] };
}

function isOperator(value: unknown): value is Operator {
  return OPERATORS.includes(value as Operator);
}

/** Whether every requirement holds for `labels`. */
export function selects(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  return selector.every(({ key, operator, values }) => {
    const has = Object.hasOwn(labels, key);
    switch (operator) {
      case 'In':
        return has && values.includes(labels[key]);
      case 'NotIn':
        return !has || !values.includes(labels[key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
    }
  });
}
