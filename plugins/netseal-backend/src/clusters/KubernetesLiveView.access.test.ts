import { KubernetesLiveView } from './KubernetesLiveView';
import {
  createRecordingLiveView,
  refuseConnections,
  startTestCluster,
  TestCluster,
  testTokens,
} from './__testUtils__/testClusters';
import { waitFor } from './__testUtils__/waitFor';

jest.setTimeout(30_000);

describe('KubernetesLiveView when access fails', () => {
  let shop: TestCluster;
  let other: TestCluster;
  let liveView: KubernetesLiveView | undefined;

  beforeEach(async () => {
    shop = await startTestCluster('shop-eu', 'shopCluster.yaml');
    other = await startTestCluster('payments-us', 'paymentsCluster.yaml');
  });

  afterEach(async () => {
    await liveView?.stop();
    liveView = undefined;
    await shop.server.stop();
    await other.server.stop();
  });

  it('calls an unknown token unauthorized, with the API server’s answer and what to check', async () => {
    ({ liveView } = createRecordingLiveView([shop.details('not-a-token')]));
    await liveView.start();

    expect(liveView.connection('shop-eu')).toEqual({
      state: 'unauthorized',
      reason:
        "cluster shop-eu rejected the credentials (unauthorized): the API server answered 401 Unauthorized to Netseal's read-only identity; check the token or kubeconfig user configured for cluster shop-eu",
      since: expect.any(Date),
    });
  });

  it('calls a token without rights on pods forbidden, naming the resource and the rights to grant', async () => {
    ({ liveView } = createRecordingLiveView([
      shop.details(testTokens.noPods.token),
    ]));
    await liveView.start();

    const connection = liveView.connection('shop-eu');
    expect(connection.state).toBe('forbidden');
    expect(connection.state === 'forbidden' && connection.reason).toBe(
      'cluster shop-eu forbids reading (forbidden): the API server answered 403 Forbidden: pods is forbidden: User "netseal-partial" cannot list resource "pods" in API group "" at the cluster scope; ' +
        "grant Netseal's read-only identity get, list and watch on networkpolicies, pods and namespaces in all namespaces",
    );
    // What the identity may read is still kept.
    await waitFor(
      () => liveView?.networkPolicies('shop-eu').length === 2,
      'the policies the identity may read',
    );
  });

  it('keeps the other clusters connected when one fails', async () => {
    ({ liveView } = createRecordingLiveView([
      shop.details('not-a-token'),
      other.details(),
    ]));
    await liveView.start();

    expect(liveView.connection('shop-eu').state).toBe('unauthorized');
    expect(liveView.connection('payments-us').state).toBe('connected');
    expect(liveView.networkPolicies('payments-us')).toHaveLength(1);
  });

  it('calls a cluster whose certificate does not match the CA unreachable', async () => {
    ({ liveView } = createRecordingLiveView([
      { ...shop.details(), caData: other.server.caData },
    ]));
    await liveView.start();

    const connection = liveView.connection('shop-eu');
    expect(connection.state).toBe('unreachable');
    expect(connection.state === 'unreachable' && connection.reason).toMatch(
      /^cluster shop-eu unreachable: .*certificate/,
    );
  });

  it('connects a cluster that was down at start once it comes up', async () => {
    await refuseConnections(shop, 'refuse');
    ({ liveView } = createRecordingLiveView([shop.details()]));
    await liveView.start();
    expect(liveView.connection('shop-eu').state).toBe('unreachable');
    expect(liveView.pods('shop-eu')).toEqual([]);

    await shop.server.faults.acceptConnections();

    await waitFor(
      () => liveView?.connection('shop-eu').state === 'connected',
      'the cluster to connect',
    );
    expect(liveView.pods('shop-eu')).toHaveLength(2);
  });

  it('reports a cluster whose client configuration cannot be built, and runs the rest', async () => {
    ({ liveView } = createRecordingLiveView([
      {
        name: 'broken',
        url: 'https://127.0.0.1:1',
        auth: { kind: 'kubeconfig', kubeconfig: 'clusters: [', context: 'x' },
      },
      other.details(),
    ]));
    await liveView.start();

    const connection = liveView.connection('broken');
    expect(connection.state).toBe('unreachable');
    expect(connection.state === 'unreachable' && connection.reason).toMatch(
      /^cluster broken unreachable: the client configuration could not be built: unexpected end of the stream/,
    );
    expect(liveView.connection('payments-us').state).toBe('connected');
  });
});
