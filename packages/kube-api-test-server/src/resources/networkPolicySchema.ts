import { ArraySchema, FieldSchema, ObjectSchema } from '../schema/FieldSchema';
import {
  labelSelectorSchema,
  objectMetaSchema,
} from '../schema/objectMetaSchema';

// k8s.io/api/networking/v1/types.go. None of the spec's lists carries a patchStrategy, so a
// strategic merge patch replaces them whole; this is why `kubectl edit` sends the full list.

const portSchema: ObjectSchema = {
  type: 'object',
  goType: 'NetworkPolicyPort',
  properties: {
    protocol: {
      type: 'string',
      presence: 'pointer',
      description:
        'protocol represents the protocol (TCP, UDP, or SCTP) which traffic must match. If not specified, this field defaults to TCP.',
    },
    port: {
      type: 'int-or-string',
      presence: 'pointer',
      description:
        'port represents the port on the given protocol. This can either be a numerical or named port on a pod.',
    },
    endPort: {
      type: 'integer',
      format: 'int32',
      presence: 'pointer',
      description:
        'endPort indicates that the range of ports from port to endPort if set, inclusive, should be allowed by the policy.',
    },
  },
};

const ipBlockSchema: ObjectSchema = {
  type: 'object',
  goType: 'IPBlock',
  presence: 'pointer',
  required: ['cidr'],
  properties: {
    cidr: { type: 'string', presence: 'always' },
    except: {
      type: 'array',
      presence: 'omitempty',
      listType: 'atomic',
      items: { type: 'string' },
    },
  },
};

const peerSchema: ObjectSchema = {
  type: 'object',
  goType: 'NetworkPolicyPeer',
  properties: {
    podSelector: labelSelectorSchema('pointer'),
    namespaceSelector: labelSelectorSchema('pointer'),
    ipBlock: ipBlockSchema,
  },
};

function atomicList(items: FieldSchema): ArraySchema {
  return { type: 'array', presence: 'omitempty', listType: 'atomic', items };
}

/** networking.k8s.io/v1 NetworkPolicy. */
export const networkPolicySchema: ObjectSchema = {
  type: 'object',
  goType: 'NetworkPolicy',
  description:
    'NetworkPolicy describes what network traffic is allowed for a set of Pods',
  properties: {
    apiVersion: { type: 'string', presence: 'omitempty' },
    kind: { type: 'string', presence: 'omitempty' },
    metadata: objectMetaSchema,
    spec: {
      type: 'object',
      goType: 'NetworkPolicySpec',
      presence: 'always',
      properties: {
        podSelector: labelSelectorSchema('always'),
        ingress: atomicList({
          type: 'object',
          goType: 'NetworkPolicyIngressRule',
          properties: {
            ports: atomicList(portSchema),
            from: atomicList(peerSchema),
          },
        }),
        egress: atomicList({
          type: 'object',
          goType: 'NetworkPolicyEgressRule',
          properties: {
            ports: atomicList(portSchema),
            to: atomicList(peerSchema),
          },
        }),
        policyTypes: atomicList({
          type: 'string',
          enum: ['Egress', 'Ingress'],
        }),
      },
    },
  },
};
