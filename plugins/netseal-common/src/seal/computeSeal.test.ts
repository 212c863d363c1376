import { checkoutApi, denyAllIngress } from '../__fixtures__/networkPolicies';
import { encodeCanonical } from '../canonical/canonicalize';
import { computeSeal } from './computeSeal';

/*
 * These pin the canonical form byte for byte. If one fails, the canonical form changed,
 * and every manifest sealed before the change would show as unsealed: change them only
 * together with a migration that reseals, and say so in the changelog. The digests were
 * checked with sha256sum on the JSON text, independently of @noble/hashes.
 */
describe('computeSeal (pinned: a failure here means the canonical form changed)', () => {
  it('seals the smallest policy to a fixed value', () => {
    expect(encodeCanonical(denyAllIngress).json).toBe(
      '{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy",' +
        '"metadata":{"labels":{},"name":"deny-all-ingress","namespace":"shop"},' +
        '"spec":{"egress":[],"ingress":[],' +
        '"podSelector":{"matchExpressions":[],"matchLabels":{}},"policyTypes":["Ingress"]}}',
    );
    expect(computeSeal(denyAllIngress)).toBe(
      'sha256:6e3ebff35968977f4efe40b2701e817dd87522523c1c9e9c6df8ce986db4bb03',
    );
  });

  it('seals a policy that uses every part of the schema to a fixed value', () => {
    expect(computeSeal(checkoutApi)).toBe(
      'sha256:deb916608ca9458c8179a6f2676967ef880d88bc6bb045c5d77ff21ba86e7ace',
    );
  });
});

describe('computeSeal', () => {
  it('gives sha256: and 64 lowercase hexadecimal digits', () => {
    expect(computeSeal(checkoutApi)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('leaves the manifest it seals untouched', () => {
    const manifest = structuredClone(checkoutApi);
    computeSeal(manifest);
    expect(manifest).toEqual(checkoutApi);
  });

  it('hashes text outside ASCII as UTF-8', () => {
    const withUnicode = structuredClone(denyAllIngress);
    withUnicode.metadata.labels = { team: 'zürich' };
    const withAscii = structuredClone(denyAllIngress);
    withAscii.metadata.labels = { team: 'zurich' };
    expect(computeSeal(withUnicode)).not.toBe(computeSeal(withAscii));
    expect(encodeCanonical(withUnicode).json).toContain('"team":"zürich"');
  });
});
