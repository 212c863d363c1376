import {
  computeSeal,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import type { StoredRequestChange } from '../database/RequestStore';
import { judgeLiveRemovals } from './judgeLiveRemovals';

const live: NetworkPolicy = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: {
    name: 'debug-allow-all',
    namespace: 'shop',
    uid: 'uid-1',
    resourceVersion: '10',
  },
  spec: { podSelector: {}, ingress: [{}] },
};

const removal: StoredRequestChange = {
  op: 'remove',
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'debug-allow-all',
  file: 'prod-eu/debug-allow-all.yaml',
  oldManifest: live,
  liveObject: {
    uid: 'uid-1',
    resourceVersion: '10',
    digest: computeSeal(live),
  },
};

describe('judgeLiveRemovals', () => {
  it('lets the object filed against be deleted, also after a write that changed nothing enforced', () => {
    const touched = {
      ...live,
      metadata: { ...live.metadata, resourceVersion: '11' },
    };
    expect(judgeLiveRemovals([removal], () => touched)).toEqual([]);
  });

  it('refuses an object whose spec changed since the request, naming both digests', () => {
    const edited = {
      ...live,
      spec: { ...live.spec, ingress: [{ ports: [{ port: 8443 }] }] },
    };
    expect(judgeLiveRemovals([removal], () => edited)).toEqual([
      `shop/debug-allow-all in cluster prod-eu changed since the request was filed (canonical digest ${computeSeal(
        edited,
      )}, not the reviewed ${computeSeal(
        live,
      )}); nothing was deleted, so file a new removal for the object live now`,
    ]);
  });

  it('refuses an object deleted and created again, even with the same spec', () => {
    const recreated = { ...live, metadata: { ...live.metadata, uid: 'uid-2' } };
    expect(judgeLiveRemovals([removal], () => recreated)).toEqual([
      expect.stringContaining('was deleted and created again'),
    ]);
  });

  it('does not stop for an object already gone, nor judge removals of sealed policies', () => {
    expect(judgeLiveRemovals([removal], () => undefined)).toEqual([]);
    const sealedRemoval = { ...removal, liveObject: undefined };
    const other = { ...live, spec: { podSelector: {} } };
    expect(judgeLiveRemovals([sealedRemoval], () => other)).toEqual([]);
  });
});
