import { ledgerEntity, paymentsEntity } from './__fixtures__/paymentsEntity';
import { isNetsealAvailable } from './isNetsealAvailable';

describe('isNetsealAvailable', () => {
  it('is true for an entity that names its policy source', () => {
    expect(isNetsealAvailable(paymentsEntity)).toBe(true);
  });

  it('is false for an entity without netseal.io/policy-source', () => {
    expect(isNetsealAvailable(ledgerEntity)).toBe(false);
  });
});
