import { FieldError, fieldError } from '../api/fieldErrors';
import { JsonValue, KubeObject, isJsonObject } from '../api/types';
import { isValidPortName } from '../validation/nameValidation';
import { Cidr, isStrictSubset, parseCidr } from '../validation/parseCidr';
import { validateLabelSelector } from '../validation/validateLabelSelector';

// A stand-in for pkg/apis/networking/validation: deliberately written apart from the
// product's own validator, which is what the tests of the product check against this.

// In upstream's order, which its message keeps.
const supportedProtocols = ['TCP', 'UDP', 'SCTP'];
const cidrMessage =
  'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

function portNumberErrors(value: number): string[] {
  return value >= 1 && value <= 65535
    ? []
    : ['must be between 1 and 65535, inclusive'];
}

function validatePort(port: JsonValue, path: string): FieldError[] {
  if (!isJsonObject(port)) return [];
  const errors: FieldError[] = [];
  const { protocol, port: portValue, endPort } = port;
  if (
    protocol !== undefined &&
    !supportedProtocols.includes(String(protocol))
  ) {
    errors.push(
      fieldError.notSupported(`${path}.protocol`, protocol, supportedProtocols),
    );
  }
  if (portValue !== undefined) {
    if (typeof portValue === 'number') {
      for (const message of portNumberErrors(portValue)) {
        errors.push(fieldError.invalid(`${path}.port`, portValue, message));
      }
      if (typeof endPort === 'number') {
        if (endPort < portValue) {
          errors.push(
            fieldError.invalid(
              `${path}.endPort`,
              endPort,
              'must be greater than or equal to `port`',
            ),
          );
        }
        for (const message of portNumberErrors(endPort)) {
          errors.push(fieldError.invalid(`${path}.endPort`, endPort, message));
        }
      }
    } else {
      if (endPort !== undefined) {
        errors.push(
          fieldError.invalid(
            `${path}.endPort`,
            endPort,
            'may not be specified when `port` is non-numeric',
          ),
        );
      }
      for (const message of isValidPortName(String(portValue))) {
        errors.push(fieldError.invalid(`${path}.port`, portValue, message));
      }
    }
  } else if (endPort !== undefined) {
    errors.push(
      fieldError.invalid(
        `${path}.endPort`,
        endPort,
        'may not be specified when `port` is not specified',
      ),
    );
  }
  return errors;
}

/**
 * Strict CIDR validation (StrictIPCIDRValidation, on by default since Kubernetes 1.36):
 * bits beyond the prefix length are refused, except in a value the old object already
 * held, which an update may keep.
 */
function cidrErrors(
  path: string,
  text: string,
  oldCidrs: Set<string>,
): { cidr?: Cidr; errors: FieldError[] } {
  const cidr = parseCidr(text);
  if (!cidr) return { errors: [fieldError.invalid(path, text, cidrMessage)] };
  if (cidr.hostBitsSet && !oldCidrs.has(text)) {
    return {
      cidr,
      errors: [
        fieldError.invalid(
          path,
          text,
          'must not have bits set beyond the prefix length',
        ),
      ],
    };
  }
  return { cidr, errors: [] };
}

function validateIpBlock(
  ipBlock: JsonValue,
  path: string,
  oldCidrs: Set<string>,
): FieldError[] {
  if (!isJsonObject(ipBlock)) return [];
  const cidrText = typeof ipBlock.cidr === 'string' ? ipBlock.cidr : '';
  if (!cidrText) return [fieldError.required(`${path}.cidr`, '')];
  const { cidr, errors } = cidrErrors(`${path}.cidr`, cidrText, oldCidrs);
  if (!cidr) return errors;
  const except = Array.isArray(ipBlock.except) ? ipBlock.except : [];
  except.forEach((entry, index) => {
    const exceptPath = `${path}.except[${index}]`;
    const parsed = cidrErrors(exceptPath, String(entry), oldCidrs);
    errors.push(...parsed.errors);
    if (parsed.cidr && !isStrictSubset(cidr, parsed.cidr)) {
      errors.push(
        fieldError.invalid(
          exceptPath,
          entry,
          'must be a strict subset of `cidr`',
        ),
      );
    }
  });
  return errors;
}

function validatePeer(
  peer: JsonValue,
  path: string,
  oldCidrs: Set<string>,
): FieldError[] {
  if (!isJsonObject(peer)) return [];
  const errors: FieldError[] = [];
  let peers = 0;
  if (peer.podSelector !== undefined) {
    peers++;
    errors.push(
      ...validateLabelSelector(peer.podSelector, `${path}.podSelector`),
    );
  }
  if (peer.namespaceSelector !== undefined) {
    peers++;
    errors.push(
      ...validateLabelSelector(
        peer.namespaceSelector,
        `${path}.namespaceSelector`,
      ),
    );
  }
  if (peer.ipBlock !== undefined) {
    peers++;
    errors.push(...validateIpBlock(peer.ipBlock, `${path}.ipBlock`, oldCidrs));
  }
  if (peers === 0) {
    errors.push(fieldError.required(path, 'must specify a peer'));
  } else if (peers > 1 && peer.ipBlock !== undefined) {
    errors.push(
      fieldError.forbidden(
        path,
        'may not specify both ipBlock and another peer',
      ),
    );
  }
  return errors;
}

function validateRules(
  rules: JsonValue | undefined,
  path: string,
  peersField: 'from' | 'to',
  oldCidrs: Set<string>,
): FieldError[] {
  if (!Array.isArray(rules)) return [];
  const errors: FieldError[] = [];
  rules.forEach((rule, i) => {
    if (!isJsonObject(rule)) return;
    const rulePath = `${path}[${i}]`;
    const ports = Array.isArray(rule.ports) ? rule.ports : [];
    ports.forEach((port, j) =>
      errors.push(...validatePort(port, `${rulePath}.ports[${j}]`)),
    );
    const peers = Array.isArray(rule[peersField])
      ? (rule[peersField] as JsonValue[])
      : [];
    peers.forEach((peer, j) =>
      errors.push(
        ...validatePeer(peer, `${rulePath}.${peersField}[${j}]`, oldCidrs),
      ),
    );
  });
  return errors;
}

// Every cidr and except of a policy, which an update may keep even when no longer valid.
function cidrsOf(policy: KubeObject | undefined): Set<string> {
  const found = new Set<string>();
  const visit = (value: JsonValue | undefined) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isJsonObject(value)) {
      if (isJsonObject(value.ipBlock)) {
        const { cidr, except } = value.ipBlock;
        if (typeof cidr === 'string') found.add(cidr);
        if (Array.isArray(except)) except.forEach(e => found.add(String(e)));
      }
      Object.values(value).forEach(visit);
    }
  };
  visit(policy?.spec as JsonValue | undefined);
  return found;
}

/** ValidateNetworkPolicySpec: selectors, ports, peers, ipBlocks and policyTypes. */
export function validateNetworkPolicySpec(
  policy: KubeObject,
  old?: KubeObject,
): FieldError[] {
  const spec = isJsonObject(policy.spec) ? policy.spec : {};
  const oldCidrs = cidrsOf(old);
  const errors = [
    ...validateLabelSelector(spec.podSelector, 'spec.podSelector'),
    ...validateRules(spec.ingress, 'spec.ingress', 'from', oldCidrs),
    ...validateRules(spec.egress, 'spec.egress', 'to', oldCidrs),
  ];
  const policyTypes = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  if (policyTypes.length > 2) {
    errors.push(
      fieldError.invalid(
        'spec.policyTypes',
        policyTypes,
        'may not specify more than two policyTypes',
      ),
    );
    return errors;
  }
  policyTypes.forEach((policyType, index) => {
    if (policyType !== 'Ingress' && policyType !== 'Egress') {
      errors.push(
        fieldError.notSupported(`spec.policyTypes[${index}]`, policyType, [
          'Ingress',
          'Egress',
        ]),
      );
    }
  });
  return errors;
}
