import type {
  IPBlock,
  LabelSelector,
  LabelSelectorRequirement,
  NetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  PolicyType,
} from '../types';
import type {
  CanonicalIPBlock,
  CanonicalLabelSelector,
  CanonicalLabelSelectorRequirement,
  CanonicalNetworkPolicy,
  CanonicalNetworkPolicyEgressRule,
  CanonicalNetworkPolicyIngressRule,
  CanonicalNetworkPolicyPeer,
  CanonicalNetworkPolicyPort,
} from './CanonicalNetworkPolicy';

/**
 * Reduces a NetworkPolicy to its canonical form: identity, labels and spec, with the API
 * server's defaults applied, lists that carry no order sorted and deduplicated, and
 * everything the API server does not enforce left out. The README gives the rules and
 * their upstream sources.
 *
 * Total on any input of the NetworkPolicy type: it never throws, and it treats `null` as
 * absent, as the API server's JSON decoding does. It reads only the fields it knows, so
 * its work is bounded by the size of the policy, whatever else the object holds.
 *
 * @public
 */
export function canonicalize(policy: NetworkPolicy): CanonicalNetworkPolicy {
  return encodeCanonical(policy).value;
}

/**
 * A canonical value together with its canonical JSON (sorted keys, no whitespace; the
 * same text `canonicalJson` gives for the value). Sets are sorted by that JSON, so each
 * part is written once and reused by the lists and the seal that contain it.
 */
export interface Encoded<T> {
  value: T;
  json: string;
}

/** The canonical form and its canonical JSON in one pass; computeSeal hashes the JSON. */
export function encodeCanonical(
  policy: NetworkPolicy,
): Encoded<CanonicalNetworkPolicy> {
  const metadata = recordOrEmpty(policy?.metadata);
  const spec = recordOrEmpty(policy?.spec);
  const namespace = stringOrEmpty(metadata.namespace);
  const name = stringOrEmpty(metadata.name);
  const labels = encodeMap(metadata.labels);
  const podSelector = encodeSelector(spec.podSelector);
  const egressRules = listOrEmpty(spec.egress);
  const policyTypes = encodeStringSet(
    canonicalPolicyTypes(spec.policyTypes, egressRules),
  );
  const ingress = encodeSet(listOrEmpty(spec.ingress).map(encodeIngressRule));
  const egress = encodeSet(egressRules.map(encodeEgressRule));
  // Keys in code-unit order, as canonicalJson writes them.
  return {
    value: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { namespace, name, labels: labels.value },
      spec: {
        podSelector: podSelector.value,
        policyTypes: policyTypes.value,
        ingress: ingress.value,
        egress: egress.value,
      },
    },
    json:
      `{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy",` +
      `"metadata":{"labels":${labels.json},"name":${jsonString(name)},` +
      `"namespace":${jsonString(namespace)}},` +
      `"spec":{"egress":${egress.json},"ingress":${ingress.json},` +
      `"podSelector":${podSelector.json},"policyTypes":${policyTypes.json}}}`,
  };
}

// pkg/apis/networking/v1/defaults.go, SetDefaults_NetworkPolicy: an empty or missing list
// becomes Ingress, plus Egress when the policy has at least one egress rule.
function canonicalPolicyTypes(
  written: PolicyType[] | null | undefined,
  egressRules: readonly unknown[],
): readonly PolicyType[] {
  const types = listOrEmpty(written);
  if (types.length > 0) {
    return types;
  }
  return egressRules.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

function encodeIngressRule(
  rule: NetworkPolicyIngressRule,
): Encoded<CanonicalNetworkPolicyIngressRule> {
  const written = recordOrEmpty(rule);
  const from = encodeSet(listOrEmpty(written.from).map(encodePeer));
  const ports = encodeSet(listOrEmpty(written.ports).map(encodePort));
  return {
    value: { from: from.value, ports: ports.value },
    json: `{"from":${from.json},"ports":${ports.json}}`,
  };
}

function encodeEgressRule(
  rule: NetworkPolicyEgressRule,
): Encoded<CanonicalNetworkPolicyEgressRule> {
  const written = recordOrEmpty(rule);
  const to = encodeSet(listOrEmpty(written.to).map(encodePeer));
  const ports = encodeSet(listOrEmpty(written.ports).map(encodePort));
  return {
    value: { to: to.value, ports: ports.value },
    json: `{"ports":${ports.json},"to":${to.json}}`,
  };
}

// Presence matters in a peer: `podSelector: {}` selects every pod of the namespace, an
// absent podSelector does not narrow anything. Only `null` counts as absent.
function encodePeer(
  peer: NetworkPolicyPeer,
): Encoded<CanonicalNetworkPolicyPeer> {
  const written = recordOrEmpty(peer);
  const value: CanonicalNetworkPolicyPeer = {};
  let json = '';
  if (written.ipBlock !== undefined && written.ipBlock !== null) {
    const ipBlock = encodeIPBlock(written.ipBlock);
    value.ipBlock = ipBlock.value;
    json = `"ipBlock":${ipBlock.json}`;
  }
  if (
    written.namespaceSelector !== undefined &&
    written.namespaceSelector !== null
  ) {
    const namespaceSelector = encodeSelector(written.namespaceSelector);
    value.namespaceSelector = namespaceSelector.value;
    json += `${json === '' ? '' : ','}"namespaceSelector":${
      namespaceSelector.json
    }`;
  }
  if (written.podSelector !== undefined && written.podSelector !== null) {
    const podSelector = encodeSelector(written.podSelector);
    value.podSelector = podSelector.value;
    json += `${json === '' ? '' : ','}"podSelector":${podSelector.json}`;
  }
  return { value, json: `{${json}}` };
}

function encodeIPBlock(ipBlock: IPBlock): Encoded<CanonicalIPBlock> {
  const written = recordOrEmpty(ipBlock);
  const cidr = stringOrEmpty(written.cidr);
  const except = encodeStringSet(listOrEmpty(written.except));
  return {
    value: { cidr, except: except.value },
    json: `{"cidr":${jsonString(cidr)},"except":${except.json}}`,
  };
}

// pkg/apis/networking/v1/defaults.go, SetDefaults_NetworkPolicyPort: protocol TCP.
// The port keeps its JSON type: 80 is a port number, "80" a (malformed) port name.
function encodePort(
  port: NetworkPolicyPort,
): Encoded<CanonicalNetworkPolicyPort> {
  const written = recordOrEmpty(port);
  const value: CanonicalNetworkPolicyPort = {
    protocol: written.protocol ?? 'TCP',
  };
  let json = '{';
  if (written.endPort !== undefined && written.endPort !== null) {
    value.endPort = written.endPort;
    json += `"endPort":${jsonScalar(written.endPort)},`;
  }
  if (written.port !== undefined && written.port !== null) {
    value.port = written.port;
    json += `"port":${jsonScalar(written.port)},`;
  }
  return { value, json: `${json}"protocol":${jsonScalar(value.protocol)}}` };
}

function encodeSelector(
  selector: LabelSelector | null | undefined,
): Encoded<CanonicalLabelSelector> {
  const written = recordOrEmpty(selector);
  const matchLabels = encodeMap(written.matchLabels);
  const matchExpressions = encodeSet(
    listOrEmpty(written.matchExpressions).map(encodeRequirement),
  );
  return {
    value: {
      matchLabels: matchLabels.value,
      matchExpressions: matchExpressions.value,
    },
    json: `{"matchExpressions":${matchExpressions.json},"matchLabels":${matchLabels.json}}`,
  };
}

function encodeRequirement(
  requirement: LabelSelectorRequirement,
): Encoded<CanonicalLabelSelectorRequirement> {
  const written = recordOrEmpty(requirement);
  const key = stringOrEmpty(written.key);
  const operator = stringOrEmpty(written.operator);
  const values = encodeStringSet(listOrEmpty(written.values));
  return {
    value: { key, operator, values: values.value },
    json: `{"key":${jsonString(key)},"operator":${jsonString(
      operator,
    )},"values":${values.json}}`,
  };
}

/** Sorts by canonical JSON and drops repeats: the lists it is used on are sets. */
function encodeSet<T>(items: Encoded<T>[]): Encoded<T[]> {
  if (items.length < 2) {
    return {
      value: items.map(item => item.value),
      json: items.length === 0 ? '[]' : `[${items[0].json}]`,
    };
  }
  items.sort((a, b) => compareCodeUnits(a.json, b.json));
  const value: T[] = [items[0].value];
  let json = `[${items[0].json}`;
  for (let i = 1; i < items.length; i++) {
    if (items[i].json !== items[i - 1].json) {
      value.push(items[i].value);
      json += `,${items[i].json}`;
    }
  }
  return { value, json: `${json}]` };
}

function encodeStringSet<T extends string>(items: readonly T[]): Encoded<T[]> {
  if (items.length < 2) {
    return {
      value: [...items],
      json: items.length === 0 ? '[]' : `[${jsonScalar(items[0])}]`,
    };
  }
  const sorted = [...items].sort();
  const value: T[] = [sorted[0]];
  let json = `[${jsonScalar(sorted[0])}`;
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] !== sorted[i - 1]) {
      value.push(sorted[i]);
      json += `,${jsonScalar(sorted[i])}`;
    }
  }
  return { value, json: `${json}]` };
}

function encodeMap(
  map: Record<string, string> | null | undefined,
): Encoded<Record<string, string>> {
  const value: Record<string, string> = {};
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    return { value, json: '{}' };
  }
  // The default sort compares UTF-16 code units: RFC 8785's key order.
  const keys = Object.keys(map).sort();
  if (keys.length === 0) {
    return { value, json: '{}' };
  }
  let json = '';
  for (const key of keys) {
    const item = map[key];
    json += `${json === '' ? '{' : ','}${jsonString(key)}:${jsonScalar(item)}`;
    if (key === '__proto__') {
      // Plain assignment would set the prototype instead of adding the key.
      Object.defineProperty(value, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      value[key] = item;
    }
  }
  return { value, json: `${json}}` };
}

// Code-unit order is the same on every platform and locale, unlike localeCompare, and
// it is the key order of RFC 8785. (Array.prototype.sort's default order, for strings.)
function compareCodeUnits(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}

// Most strings of a policy need no escaping; JSON.stringify is three times slower there.
// The control characters are the point: they, quotes, backslashes and surrogates (lone
// ones are escaped) are what JSON.stringify would rewrite.
// eslint-disable-next-line no-control-regex
const NEEDS_NO_ESCAPING = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

function jsonString(value: string): string {
  return NEEDS_NO_ESCAPING.test(value) ? `"${value}"` : JSON.stringify(value);
}

// Typed as string or number, but input from YAML may hold anything; whatever it is, the
// JSON text is deterministic and distinct from every well-typed value.
function jsonScalar(value: unknown): string {
  if (typeof value === 'string') {
    return jsonString(value);
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : 'null';
  }
  return typeof value === 'boolean' ? String(value) : 'null';
}

// Typed input can still carry null (YAML `ingress:` with nothing after it) or, from an
// untyped source, anything at all; both read as absent.
function recordOrEmpty<T extends object>(
  value: T | null | undefined,
): Partial<T> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? value
    : {};
}

function listOrEmpty<T>(value: readonly T[] | null | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}

function stringOrEmpty(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
