import type {
  NetworkPolicy,
  PolicySourceManifest,
} from '@netseal/backstage-plugin-netseal-common';
import { PolicySourceDirectory } from './PolicySourceDirectory';

function manifest(namespace: string, name: string): PolicySourceManifest {
  const policy: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { namespace, name },
    spec: { podSelector: {} },
  };
  return { kind: 'sealed', file: `${name}.yaml`, line: 1, policy };
}

const PAYMENTS = 'component:default/payments';
const PLATFORM = 'group:default/platform';

describe('PolicySourceDirectory', () => {
  it('tells a service which live policies another entity’s policy source holds, per cluster', () => {
    const directory = new PolicySourceDirectory();
    directory.setManifests(PLATFORM, 'prod-eu', [
      manifest('payments', 'default-deny'),
    ]);
    directory.setManifests(PAYMENTS, 'prod-eu', [
      manifest('payments', 'allow-checkout'),
    ]);
    const heldElsewhere = directory.heldByOthersThan(PAYMENTS, 'prod-eu');
    expect(heldElsewhere('payments', 'default-deny')).toBe(true);
    expect(heldElsewhere('payments', 'allow-checkout')).toBe(false);
    expect(heldElsewhere('payments', 'hotfix')).toBe(false);
    expect(
      directory.heldByOthersThan(PAYMENTS, 'prod-us')(
        'payments',
        'default-deny',
      ),
    ).toBe(false);
  });

  it('counts a policy that two sources hold as held elsewhere for both', () => {
    const directory = new PolicySourceDirectory();
    directory.setManifests(PLATFORM, 'prod-eu', [
      manifest('payments', 'deny-all'),
    ]);
    directory.setManifests(PAYMENTS, 'prod-eu', [
      manifest('payments', 'deny-all'),
    ]);
    expect(
      directory.heldByOthersThan(PAYMENTS, 'prod-eu')('payments', 'deny-all'),
    ).toBe(true);
    expect(
      directory.heldByOthersThan(PLATFORM, 'prod-eu')('payments', 'deny-all'),
    ).toBe(true);
  });

  it('forgets what a source no longer holds, and entities removed from the catalog', () => {
    const directory = new PolicySourceDirectory();
    directory.setManifests(PLATFORM, 'prod-eu', [
      manifest('payments', 'default-deny'),
    ]);
    directory.setManifests(PLATFORM, 'prod-us', [
      manifest('payments', 'default-deny'),
    ]);
    directory.setManifests(PLATFORM, 'prod-eu', []);
    expect(
      directory.heldByOthersThan(PAYMENTS, 'prod-eu')(
        'payments',
        'default-deny',
      ),
    ).toBe(false);
    expect(
      directory.heldByOthersThan(PAYMENTS, 'prod-us')(
        'payments',
        'default-deny',
      ),
    ).toBe(true);
    directory.forget(PLATFORM);
    expect(
      directory.heldByOthersThan(PAYMENTS, 'prod-us')(
        'payments',
        'default-deny',
      ),
    ).toBe(false);
  });

  it('does not hold a manifest it could not name', () => {
    const directory = new PolicySourceDirectory();
    directory.setManifests(PLATFORM, 'prod-eu', [
      {
        kind: 'invalid',
        file: 'x.yaml',
        line: 1,
        reason: 'not YAML',
        problems: [],
      },
    ]);
    expect(
      directory.heldByOthersThan(PAYMENTS, 'prod-eu')('', 'x.yaml:1'),
    ).toBe(false);
  });
});
