import { canonicalize } from '../canonical/canonicalize';
import type { NetworkPolicy } from '../types';
import type { FieldDifference } from './types';

type Shape =
  | { kind: 'scalar' }
  | { kind: 'map' }
  | { kind: 'record'; fields: readonly Field[] }
  | { kind: 'set'; element: Shape };

interface Field {
  name: string;
  shape: Shape;
}

const SCALAR: Shape = { kind: 'scalar' };
const MAP: Shape = { kind: 'map' };
const setOf = (element: Shape): Shape => ({ kind: 'set', element });
const record = (...fields: Field[]): Shape => ({ kind: 'record', fields });

// The schema of CanonicalNetworkPolicy; the order of fields is the order of the report.
const SELECTOR = record(
  { name: 'matchLabels', shape: MAP },
  {
    name: 'matchExpressions',
    shape: setOf(
      record(
        { name: 'key', shape: SCALAR },
        { name: 'operator', shape: SCALAR },
        { name: 'values', shape: setOf(SCALAR) },
      ),
    ),
  },
);
const PEER = record(
  { name: 'podSelector', shape: SELECTOR },
  { name: 'namespaceSelector', shape: SELECTOR },
  {
    name: 'ipBlock',
    shape: record(
      { name: 'cidr', shape: SCALAR },
      { name: 'except', shape: setOf(SCALAR) },
    ),
  },
);
const PORT = record(
  { name: 'protocol', shape: SCALAR },
  { name: 'port', shape: SCALAR },
  { name: 'endPort', shape: SCALAR },
);
const POLICY = record(
  { name: 'apiVersion', shape: SCALAR },
  { name: 'kind', shape: SCALAR },
  {
    name: 'metadata',
    shape: record(
      { name: 'namespace', shape: SCALAR },
      { name: 'name', shape: SCALAR },
      { name: 'labels', shape: MAP },
    ),
  },
  {
    name: 'spec',
    shape: record(
      { name: 'podSelector', shape: SELECTOR },
      { name: 'policyTypes', shape: setOf(SCALAR) },
      {
        name: 'ingress',
        shape: setOf(
          record(
            { name: 'from', shape: setOf(PEER) },
            { name: 'ports', shape: setOf(PORT) },
          ),
        ),
      },
      {
        name: 'egress',
        shape: setOf(
          record(
            { name: 'to', shape: setOf(PEER) },
            { name: 'ports', shape: setOf(PORT) },
          ),
        ),
      },
    ),
  },
);

/**
 * Where a sealed manifest and a live object disagree, field by field, in their canonical
 * forms: what the API server defaults or manages never shows, and everything it enforces
 * does (an added label, port, peer or `except` included).
 *
 * The canonical form keeps order-free lists sorted, so comparing them index by index
 * would report a shifted tail instead of the one element that changed. Lists are
 * compared as sets instead: an element on both sides is no difference; an element that
 * changed inside (a rule that gained a port, a peer whose block gained an `except`) is
 * paired with its counterpart and reported at the fields that differ; any other element
 * is reported whole, with one side absent.
 *
 * Paths count in the sealed manifest's canonical form, so every difference names one
 * place in one document. An element found only live is numbered after the sealed list's
 * last element, as if appended: with one sealed ingress rule, a second live rule is
 * `spec.ingress[1]` with `sealed` absent. Applying the differences to the sealed
 * canonical form gives the live one. Results are empty exactly when both have the same
 * seal.
 *
 * @public
 */
export function diffCanonicalPolicies(
  sealed: NetworkPolicy,
  live: NetworkPolicy,
): FieldDifference[] {
  const differences: FieldDifference[] = [];
  diffValue(POLICY, canonicalize(sealed), canonicalize(live), '', differences);
  return differences;
}

function diffValue(
  shape: Shape,
  sealed: unknown,
  live: unknown,
  path: string,
  out: FieldDifference[],
): void {
  if (sealed === undefined || live === undefined) {
    if (sealed !== live) {
      out.push(difference(path, sealed, live));
    }
    return;
  }
  switch (shape.kind) {
    case 'scalar':
      // Equal exactly when the seal's JSON is equal, so no difference hides and none is invented.
      if (stableJson(sealed) !== stableJson(live)) {
        out.push(difference(path, sealed, live));
      }
      return;
    case 'map':
      diffMap(asRecord(sealed), asRecord(live), path, out);
      return;
    case 'record':
      for (const field of shape.fields) {
        diffValue(
          field.shape,
          ownValue(sealed, field.name),
          ownValue(live, field.name),
          path === '' ? field.name : `${path}.${field.name}`,
          out,
        );
      }
      return;
    default:
      diffSet(shape.element, asList(sealed), asList(live), path, out);
  }
}

function diffMap(
  sealed: Record<string, unknown>,
  live: Record<string, unknown>,
  path: string,
  out: FieldDifference[],
): void {
  const keys = [...new Set([...Object.keys(sealed), ...Object.keys(live)])];
  for (const key of keys.sort()) {
    const sealedValue = ownValue(sealed, key);
    const liveValue = ownValue(live, key);
    if (
      sealedValue === undefined ||
      liveValue === undefined ||
      stableJson(sealedValue) !== stableJson(liveValue)
    ) {
      out.push(
        difference(`${path}[${JSON.stringify(key)}]`, sealedValue, liveValue),
      );
    }
  }
}

function diffSet(
  element: Shape,
  sealed: readonly unknown[],
  live: readonly unknown[],
  path: string,
  out: FieldDifference[],
): void {
  const sealedKeys = sealed.map(stableJson);
  const liveKeys = live.map(stableJson);
  const inSealed = new Set(sealedKeys);
  const inLive = new Set(liveKeys);
  const removed = indicesWhere(sealedKeys, key => !inLive.has(key));
  const added = indicesWhere(liveKeys, key => !inSealed.has(key));
  const partners = pairChangedElements(element, removed, added, sealed, live);
  const pairedLive = new Set(partners.values());
  for (const sealedIndex of removed) {
    const liveIndex = partners.get(sealedIndex);
    const elementPath = `${path}[${sealedIndex}]`;
    if (liveIndex === undefined) {
      out.push(difference(elementPath, sealed[sealedIndex], undefined));
    } else {
      diffValue(
        element,
        sealed[sealedIndex],
        live[liveIndex],
        elementPath,
        out,
      );
    }
  }
  let appendedIndex = sealed.length;
  for (const liveIndex of added) {
    if (!pairedLive.has(liveIndex)) {
      out.push(
        difference(`${path}[${appendedIndex++}]`, undefined, live[liveIndex]),
      );
    }
  }
}

// Beyond this many candidate pairs in one list, elements are reported whole: a hostile
// live object with thousands of rules must not cost quadratic time.
const MAX_CANDIDATE_PAIRS = 10_000;
// Elements are paired when at least half of their leaf values are equal: a port that
// changed only its number, a rule that gained a peer. Below that, "this one went, that
// one came" reads better than a list of field changes. Only values count, not which
// fields are present: every peer has a selector and every port a protocol, and counting
// that would pair a rule with any other rule.
const MIN_SIMILARITY = 0.5;

/** Sealed index to live index, for elements that changed inside rather than being replaced. */
function pairChangedElements(
  element: Shape,
  removed: readonly number[],
  added: readonly number[],
  sealed: readonly unknown[],
  live: readonly unknown[],
): Map<number, number> {
  const partners = new Map<number, number>();
  if (
    element.kind !== 'record' ||
    removed.length === 0 ||
    added.length === 0 ||
    removed.length * added.length > MAX_CANDIDATE_PAIRS
  ) {
    return partners;
  }
  const sealedLeaves = removed.map(index => leavesOf(element, sealed[index]));
  const liveLeaves = added.map(index => leavesOf(element, live[index]));
  const candidates: Array<{ sealed: number; live: number; score: number }> = [];
  sealedLeaves.forEach((leaves, a) => {
    liveLeaves.forEach((otherLeaves, b) => {
      const score = similarity(leaves, otherLeaves);
      if (score >= MIN_SIMILARITY) {
        candidates.push({ sealed: removed[a], live: added[b], score });
      }
    });
  });
  candidates.sort(
    (x, y) => y.score - x.score || x.sealed - y.sealed || x.live - y.live,
  );
  const taken = new Set<number>();
  for (const candidate of candidates) {
    if (!partners.has(candidate.sealed) && !taken.has(candidate.live)) {
      partners.set(candidate.sealed, candidate.live);
      taken.add(candidate.live);
    }
  }
  return partners;
}

function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const larger = Math.max(a.size, b.size);
  if (larger === 0) {
    return 0;
  }
  let common = 0;
  for (const leaf of a) {
    if (b.has(leaf)) {
      common++;
    }
  }
  return common / larger;
}

/** Every leaf value with where it sits, list positions left out: lists are sets. */
function leavesOf(
  shape: Shape,
  value: unknown,
  prefix = '',
  out = new Set<string>(),
): Set<string> {
  switch (shape.kind) {
    case 'scalar':
      out.add(`${prefix}=${stableJson(value)}`);
      break;
    case 'map':
      for (const [key, item] of Object.entries(asRecord(value))) {
        out.add(`${prefix}[${JSON.stringify(key)}]=${stableJson(item)}`);
      }
      break;
    case 'record':
      for (const field of shape.fields) {
        const item = ownValue(value, field.name);
        if (item !== undefined) {
          leavesOf(field.shape, item, `${prefix}.${field.name}`, out);
        }
      }
      break;
    default:
      for (const item of asList(value)) {
        leavesOf(shape.element, item, `${prefix}[]`, out);
      }
  }
  return out;
}

function difference(
  path: string,
  sealed: unknown,
  live: unknown,
): FieldDifference {
  const result: FieldDifference = { path };
  if (sealed !== undefined) {
    result.sealed = sealed;
  }
  if (live !== undefined) {
    result.live = live;
  }
  return result;
}

function indicesWhere(
  keys: readonly string[],
  predicate: (key: string) => boolean,
): number[] {
  const indices: number[] = [];
  keys.forEach((key, index) => {
    if (predicate(key)) {
      indices.push(index);
    }
  });
  return indices;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

// Own properties only: a label key such as `constructor` must not read the prototype.
function ownValue(value: unknown, key: string): unknown {
  const holder = asRecord(value);
  return Object.hasOwn(holder, key) ? holder[key] : undefined;
}

/** JSON with sorted keys: the identity of a canonical value, as the seal sees it. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const members: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) {
        members.push(`${JSON.stringify(key)}:${stableJson(item)}`);
      }
    }
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
