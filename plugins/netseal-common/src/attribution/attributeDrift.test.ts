import {
  attributeDrift,
  DELETION_NOT_ATTRIBUTED,
  fieldNamesOf,
} from './attributeDrift';
import { describeAttribution } from './describeAttribution';
import { fieldWritersOf } from './fieldWritersOf';
import { writerKindOf } from './writerKindOf';

// managedFields as a real kube-apiserver 1.37 wrote them: created by Netseal, then a port
// changed with `kubectl edit`.
const managedFields = [
  {
    manager: 'netseal',
    operation: 'Update',
    apiVersion: 'networking.k8s.io/v1',
    time: '2026-12-06T12:00:00Z',
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': {
        'f:annotations': { '.': {}, 'f:netseal.io/seal': {} },
        'f:labels': { '.': {}, 'f:netseal.io/sealed': {} },
      },
      'f:spec': { 'f:podSelector': {}, 'f:policyTypes': {} },
    },
  },
  {
    manager: 'kubectl-edit',
    operation: 'Update',
    apiVersion: 'networking.k8s.io/v1',
    time: '2026-12-06T12:03:11Z',
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:spec': { 'f:ingress': {} } },
  },
];

describe('attributeDrift', () => {
  it('names the manager that owns the changed field, its operation, time and the generation', () => {
    expect(
      attributeDrift({
        differences: [
          { path: 'spec.ingress[0].ports[0].port', sealed: 443, live: 9443 },
        ],
        live: { generation: 2, writers: fieldWritersOf(managedFields) },
      }),
    ).toEqual({
      writer: 'manual',
      manager: 'kubectl-edit',
      operation: 'Update',
      time: '2026-12-06T12:03:11Z',
      generation: 2,
    });
  });

  it('takes the manager that wrote last when several own the changed fields', () => {
    expect(
      attributeDrift({
        differences: [
          { path: 'spec.ingress[0].ports[0].port' },
          { path: 'metadata.labels["team"]', live: 'x' },
        ],
        live: {
          writers: [
            ...fieldWritersOf(managedFields),
            {
              manager: 'policy-operator',
              operation: 'Apply',
              time: '2026-12-06T12:05:00Z',
              fields: [['metadata', 'labels', 'team']],
            },
          ],
        },
      }),
    ).toMatchObject({
      writer: 'controller',
      manager: 'policy-operator',
      operation: 'Apply',
    });
  });

  it('says a deletion is not attributed instead of guessing', () => {
    expect(attributeDrift({ differences: [] })).toEqual({
      writer: 'unknown',
      reason: DELETION_NOT_ATTRIBUTED,
    });
  });

  it('says unknown when no manager owns what changed, as after a removal', () => {
    expect(
      attributeDrift({
        differences: [{ path: 'spec.egress', sealed: [] }],
        live: { generation: 3, writers: fieldWritersOf(managedFields) },
      }),
    ).toEqual({
      writer: 'unknown',
      generation: 3,
      reason:
        'no field manager owns the changed fields (spec.egress); a removed field keeps no owner',
    });
  });

  it('does not blame the owner of another label for a removed one', () => {
    expect(
      attributeDrift({
        differences: [{ path: 'metadata.labels["team"]', sealed: 'payments' }],
        live: { writers: fieldWritersOf(managedFields) },
      }),
    ).toMatchObject({ writer: 'unknown' });
  });

  it('says unknown for an object without managedFields', () => {
    expect(
      attributeDrift({
        differences: [{ path: 'spec.podSelector' }],
        live: { writers: [] },
      }),
    ).toMatchObject({
      writer: 'unknown',
      reason: 'the live object carries no managedFields',
    });
  });
});

describe('fieldNamesOf', () => {
  it.each([
    ['spec.ingress[0].ports[1].port', ['spec', 'ingress']],
    ['metadata.labels["team"]', ['metadata', 'labels', 'team']],
    [
      'metadata.labels["netseal.io/sealed"]',
      ['metadata', 'labels', 'netseal.io/sealed'],
    ],
    [
      'spec.podSelector.matchLabels["app"]',
      ['spec', 'podSelector', 'matchLabels'],
    ],
    ['spec.policyTypes', ['spec', 'policyTypes']],
  ])('%s is owned as %j', (path, names) => {
    expect(fieldNamesOf(path)).toEqual(names);
  });
});

describe('writerKindOf', () => {
  it.each([
    ['kubectl', 'manual'],
    ['kubectl-edit', 'manual'],
    ['kubectl-client-side-apply', 'manual'],
    ['k9s', 'manual'],
    ['Mozilla', 'manual'],
    ['netseal', 'controller'],
    ['argocd-controller', 'controller'],
    ['kube-controller-manager', 'controller'],
    ['kubectlish-operator', 'controller'],
    ['', 'unknown'],
  ])('%s is %s', (manager, kind) => {
    expect(writerKindOf(manager)).toBe(kind);
  });
});

describe('fieldWritersOf', () => {
  it('keeps each entry’s manager, operation, time and fields three levels deep at most', () => {
    expect(fieldWritersOf(managedFields)[0]).toEqual({
      manager: 'netseal',
      operation: 'Update',
      time: '2026-12-06T12:00:00Z',
      fields: [
        ['metadata', 'annotations', 'netseal.io/seal'],
        ['metadata', 'labels', 'netseal.io/sealed'],
        ['spec', 'podSelector'],
        ['spec', 'policyTypes'],
      ],
    });
  });

  it('ignores what is not a managedFields list', () => {
    expect(fieldWritersOf(undefined)).toEqual([]);
    expect(fieldWritersOf([{ operation: 'Update' }, 'x'])).toEqual([]);
  });
});

describe('describeAttribution', () => {
  it('names the manager, whether it was a person, the operation, time and generation', () => {
    expect(
      describeAttribution({
        writer: 'manual',
        manager: 'kubectl-edit',
        operation: 'Update',
        time: '2026-12-06T12:03:11Z',
        generation: 2,
      }),
    ).toBe(
      'Changed by kubectl-edit (a manual edit, Update at 2026-12-06T12:03:11Z; generation 2).',
    );
    expect(
      describeAttribution({
        writer: 'controller',
        manager: 'policy-operator',
        operation: 'Apply',
      }),
    ).toBe('Changed by policy-operator (a controller write, Apply).');
  });

  it('says who changed it is unknown, and why', () => {
    expect(
      describeAttribution({
        writer: 'unknown',
        reason: 'the policy is absent live',
      }),
    ).toBe('Who changed it is unknown: the policy is absent live.');
  });
});
