import { servicePodsFromAnnotations } from './servicePodsFromAnnotations';

describe('servicePodsFromAnnotations', () => {
  it('finds pods by the kubernetes-id label', () => {
    expect(
      servicePodsFromAnnotations({ 'backstage.io/kubernetes-id': 'payments' }),
    ).toEqual({
      selector: { matchLabels: { 'backstage.io/kubernetes-id': 'payments' } },
    });
  });

  it('prefers the label selector annotation, as Backstage’s Kubernetes plugin does', () => {
    expect(
      servicePodsFromAnnotations({
        'backstage.io/kubernetes-id': 'payments',
        'backstage.io/kubernetes-label-selector': 'app=payments,tier in (web)',
      }),
    ).toEqual({
      selector: { matchLabels: { app: 'payments', tier: 'web' } },
    });
  });

  it('narrows to the namespace the entity names', () => {
    expect(
      servicePodsFromAnnotations({
        'backstage.io/kubernetes-id': 'payments',
        'backstage.io/kubernetes-namespace': 'payments-prod',
      }),
    ).toMatchObject({ namespace: 'payments-prod' });
  });

  it('finds nothing for an entity without Kubernetes annotations', () => {
    expect(
      servicePodsFromAnnotations({ 'netseal.io/policy-source': 'x' }),
    ).toBe(undefined);
    expect(servicePodsFromAnnotations(undefined)).toBe(undefined);
  });

  it.each([
    [
      { 'backstage.io/kubernetes-label-selector': 'app payments' },
      'annotation backstage.io/kubernetes-label-selector: label selector "app payments": expected an operator',
    ],
    [
      { 'backstage.io/kubernetes-id': 'payments service' },
      'annotation backstage.io/kubernetes-id "payments service" must be usable as a label value',
    ],
    [
      { 'backstage.io/kubernetes-id': '' },
      'annotation backstage.io/kubernetes-id "" must be usable as a label value: it is empty',
    ],
    [
      {
        'backstage.io/kubernetes-id': 'payments',
        'backstage.io/kubernetes-namespace': 'Payments',
      },
      'annotation backstage.io/kubernetes-namespace "Payments" is not a namespace name',
    ],
  ])('rejects %j, naming the annotation', (annotations, message) => {
    expect(() => servicePodsFromAnnotations(annotations)).toThrow(message);
  });
});
