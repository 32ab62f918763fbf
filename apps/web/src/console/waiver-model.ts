/**
 * The waiver condition language of the contract, as the rule builder edits it. The builder's tree
 * has exactly the shape of the JSON it sends, so a JSON pointer from the server names a node here.
 */

export const FIELDS = [
  'degree',
  'yearsOfExperience',
  'specialties',
  'city',
  'publications.venue',
  'publications.count',
  'awards.rank',
  'awards.count',
  'referralCode',
  'githubUrl',
] as const;
export type FieldName = (typeof FIELDS)[number];

export const OPERATORS = ['eq', 'in', 'gte', 'lte', 'contains', 'exists'] as const;
export type Operator = (typeof OPERATORS)[number];

export type ValueKind = 'degree' | 'degrees' | 'number' | 'text' | 'texts' | 'boolean';

/** Which operators each field takes and the value each pair needs (as the server validates them). */
export const FIELD_OPERATORS: Record<FieldName, Partial<Record<Operator, ValueKind>>> = {
  degree: { eq: 'degree', in: 'degrees', gte: 'degree', lte: 'degree' },
  yearsOfExperience: { gte: 'number', lte: 'number', eq: 'number' },
  specialties: { contains: 'text', in: 'texts' },
  city: { eq: 'text', in: 'texts' },
  'publications.venue': { contains: 'text', in: 'texts' },
  'publications.count': { gte: 'number', lte: 'number', eq: 'number' },
  'awards.rank': { lte: 'number', gte: 'number', eq: 'number' },
  'awards.count': { gte: 'number', lte: 'number', eq: 'number' },
  referralCode: { exists: 'boolean', eq: 'text' },
  githubUrl: { exists: 'boolean', eq: 'text' },
};

export const DEGREES = ['other', 'bachelor', 'master', 'phd'] as const;

export type Leaf = { field: string; op: string; value: unknown };
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Leaf;
export interface Rule {
  name: string;
  when: Condition;
  waive: true;
}

export const isLeaf = (c: Condition): c is Leaf => 'field' in c;
export const groupKind = (c: Condition): 'all' | 'any' | 'not' | null =>
  'all' in c ? 'all' : 'any' in c ? 'any' : 'not' in c ? 'not' : null;

export function defaultValue(kind: ValueKind | undefined): unknown {
  switch (kind) {
    case 'degree':
      return 'phd';
    case 'degrees':
      return ['phd'];
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'texts':
      return [];
    default:
      return '';
  }
}

export const newLeaf = (): Leaf => ({ field: 'degree', op: 'eq', value: 'phd' });
export const newRule = (n: number): Rule => ({ name: `Rule ${n}`, when: { all: [newLeaf()] }, waive: true });

/** Replaces the node at `path` (keys and indexes below a rule's `when`) with `next(node)`. */
export function updateAt(
  root: Condition,
  path: (string | number)[],
  next: (c: Condition) => Condition | null,
): Condition | null {
  if (path.length === 0) return next(root);
  const [head, ...rest] = path;
  if (head === 'not' && 'not' in root) {
    const child = updateAt(root.not, rest, next);
    return child ? { not: child } : null;
  }
  const kind = groupKind(root);
  if ((kind === 'all' || kind === 'any') && typeof path[1] === 'number') {
    const list = (root as Record<string, Condition[]>)[kind];
    const index = path[1];
    const child = updateAt(list[index], path.slice(2), next);
    const copy = [...list];
    if (child) copy[index] = child;
    else copy.splice(index, 1);
    return { [kind]: copy } as Condition;
  }
  return root;
}

/** `/rules/0/when/all/1` → segments; the pointer syntax is RFC 6901 (`~1` is `/`, `~0` is `~`). */
export const pointerOf = (segments: (string | number)[]): string =>
  segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/**
 * The node a server pointer belongs to: the longest pointer among `owners` that is the pointer or
 * one of its ancestors (a leaf owns its `/field`, `/op` and `/value/3`).
 */
export function ownerOf(pointer: string, owners: string[]): string {
  let best = '';
  for (const owner of owners)
    if ((pointer === owner || pointer.startsWith(`${owner}/`)) && owner.length > best.length) best = owner;
  return best;
}

/** Every node pointer the builder draws, for `ownerOf`. */
export function nodePointers(rules: Rule[]): string[] {
  const out = ['', '/rules'];
  const walk = (c: Condition, at: string) => {
    out.push(at);
    const kind = groupKind(c);
    if (kind === 'not') walk((c as { not: Condition }).not, `${at}/not`);
    else if (kind)
      (c as Record<string, Condition[]>)[kind].forEach((child, i) => walk(child, `${at}/${kind}/${i}`));
  };
  rules.forEach((r, i) => {
    out.push(`/rules/${i}`, `/rules/${i}/name`);
    walk(r.when, `/rules/${i}/when`);
  });
  return out;
}
