import { servicePodsInWords } from './servicePodsInWords';

function entity(annotations?: Record<string, string>) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', annotations },
  };
}

describe('servicePodsInWords', () => {
  it.each([
    [
      { 'backstage.io/kubernetes-id': 'payments' },
      'pods backstage.io/kubernetes-id=payments',
    ],
    [
      {
        'backstage.io/kubernetes-id': 'payments',
        'backstage.io/kubernetes-label-selector': 'app=payments,tier!=cache',
      },
      'pods app=payments,tier not in (cache)',
    ],
  ])('names the pods the annotations %j select', (annotations, words) => {
    expect(servicePodsInWords(entity(annotations))).toBe(words);
  });

  it('names no pods when the entity has no pod annotation, or a malformed one', () => {
    expect(servicePodsInWords(entity())).toBeUndefined();
    expect(
      servicePodsInWords(
        entity({ 'backstage.io/kubernetes-label-selector': 'app in (' }),
      ),
    ).toBeUndefined();
  });
});
