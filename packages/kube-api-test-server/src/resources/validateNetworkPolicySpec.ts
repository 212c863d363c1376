import { FieldError, fieldError } from '../api/fieldErrors';
import { JsonValue, KubeObject, isJsonObject } from '../api/types';
import { isValidPortName } from '../validation/nameValidation';
import { isStrictSubset, parseCidr } from '../validation/parseCidr';
import { validateLabelSelector } from '../validation/validateLabelSelector';

// A stand-in for pkg/apis/networking/validation: deliberately written apart from the
// product's own validator, which is what the tests of the product check against this.

const supportedProtocols = ['SCTP', 'TCP', 'UDP'];
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
              portValue,
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

function validateIpBlock(ipBlock: JsonValue, path: string): FieldError[] {
  if (!isJsonObject(ipBlock)) return [];
  const cidrText = typeof ipBlock.cidr === 'string' ? ipBlock.cidr : '';
  if (!cidrText) return [fieldError.required(`${path}.cidr`, '')];
  const cidr = parseCidr(cidrText);
  if (!cidr) return [fieldError.invalid(`${path}.cidr`, cidrText, cidrMessage)];
  const errors: FieldError[] = [];
  const except = Array.isArray(ipBlock.except) ? ipBlock.except : [];
  except.forEach((entry, index) => {
    const exceptPath = `${path}.except[${index}]`;
    const parsed = parseCidr(String(entry));
    if (!parsed) {
      errors.push(fieldError.invalid(exceptPath, entry, cidrMessage));
    } else if (!isStrictSubset(cidr, parsed)) {
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

function validatePeer(peer: JsonValue, path: string): FieldError[] {
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
    errors.push(...validateIpBlock(peer.ipBlock, `${path}.ipBlock`));
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
      errors.push(...validatePeer(peer, `${rulePath}.${peersField}[${j}]`)),
    );
  });
  return errors;
}

/** ValidateNetworkPolicySpec: selectors, ports, peers, ipBlocks and policyTypes. */
export function validateNetworkPolicySpec(policy: KubeObject): FieldError[] {
  const spec = isJsonObject(policy.spec) ? policy.spec : {};
  const errors = [
    ...validateLabelSelector(spec.podSelector, 'spec.podSelector'),
    ...validateRules(spec.ingress, 'spec.ingress', 'from'),
    ...validateRules(spec.egress, 'spec.egress', 'to'),
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
