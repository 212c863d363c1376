import { servicePodsFromAnnotations } from '../drift/servicePodsFromAnnotations';
import { describeServicePods } from './describeServicePods';

describe('describeServicePods', () => {
  it.each([
    [
      { 'backstage.io/kubernetes-id': 'payments' },
      'pods backstage.io/kubernetes-id=payments',
    ],
    [
      {
        'backstage.io/kubernetes-label-selector':
          'app=payments,tier in (api,web)',
      },
      'pods app=payments,tier in (api, web)',
    ],
    [
      {
        'backstage.io/kubernetes-id': 'payments',
        'backstage.io/kubernetes-namespace': 'shop',
      },
      'pods backstage.io/kubernetes-id=payments in namespace shop',
    ],
  ])('describes the pods the annotations %j name', (annotations, words) => {
    expect(describeServicePods(servicePodsFromAnnotations(annotations)!)).toBe(
      words,
    );
  });
});
