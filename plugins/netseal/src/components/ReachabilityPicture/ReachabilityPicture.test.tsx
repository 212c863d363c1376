import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  ClusterReachability,
  describeServiceReachability,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  isolatedPayments,
  openPayments,
  paymentsReachability,
} from '../../__fixtures__/paymentsReachability';
import { NetsealApi, netsealApiRef } from '../../api';
import { sealedAllowCheckout } from '../../__fixtures__/paymentsPolicies';
import { stubNetsealApi } from '../../__testUtils__/stubNetsealApi';
import { EntityReachability } from './EntityReachability';
import { ReachabilityPicture } from './ReachabilityPicture';

describe('ReachabilityPicture', () => {
  it('says loudly that an allow-all direction lets everyone in', async () => {
    await renderInTestApp(<ReachabilityPicture reachability={openPayments} />);

    const alerts = screen.getAllByRole('alert');
    expect(alerts[0]).toHaveTextContent('Ingress is open to everyone');
    expect(alerts[0]).toHaveTextContent(
      'Ingress is NOT restricted: shop/debug-open allows all ingress, so any pod or address may connect on any port.',
    );
    expect(alerts[1]).toHaveTextContent('Egress is not isolated');
  });

  it('says that everything else is denied by default when isolated', async () => {
    await renderInTestApp(
      <ReachabilityPicture reachability={isolatedPayments} />,
    );

    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    const notes = screen.getAllByRole('note');
    expect(notes[0]).toHaveTextContent('Ingress is isolated');
    expect(notes[0]).toHaveTextContent(
      'only the peers below may connect; all other traffic is denied by default.',
    );
  });

  it('warns that a direction is unknown where a cluster-scoped policy may decide it, naming it', async () => {
    // An admin-tier policy comes before the NetworkPolicies: isolation is no promise.
    const overridden = describeServiceReachability({
      policies: [sealedAllowCheckout],
      pods: isolatedPayments.pods,
      clusterScoped: {
        objects: [
          {
            apiVersion: 'policy.networking.k8s.io/v1alpha1',
            kind: 'AdminNetworkPolicy',
            metadata: { name: 'lockdown' },
            spec: {
              priority: 5,
              subject: { namespaces: {} },
              ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }],
            },
          },
        ],
        counted: [],
      },
    });
    await renderInTestApp(<ReachabilityPicture reachability={overridden} />);

    // Ingress is isolated by allow-checkout, yet no longer good news: it warns.
    const [ingress, egress] = screen.getAllByRole('alert');
    expect(ingress).toHaveTextContent('Ingress is isolated');
    expect(ingress).toHaveTextContent(
      'Unknown whether the cluster keeps to this: AdminNetworkPolicy lockdown may decide ingress instead of the NetworkPolicies.',
    );
    // It has no egress rule, so egress stays as the NetworkPolicies say.
    expect(egress).toHaveTextContent('Egress is not isolated');
    expect(egress).not.toHaveTextContent('Unknown');
  });

  it('names every peer and port in the accessible picture', async () => {
    await renderInTestApp(
      <ReachabilityPicture reachability={isolatedPayments} />,
    );

    const picture = screen.getByRole('img', {
      name: /^Reachability of pods app=payments in namespace shop\./,
    });
    expect(picture).toHaveAccessibleName(
      expect.stringContaining(
        'from pods app=checkout in namespace shop on TCP 8443',
      ),
    );
    expect(picture.querySelector('title')).not.toBeNull();
    expect(screen.getByText('TCP 8443')).toBeInTheDocument();
  });

  it('draws the cluster chosen when the entity has several', async () => {
    await renderInTestApp(
      <EntityReachability clusters={paymentsReachability} />,
    );
    expect(screen.getAllByRole('note')[0]).toHaveTextContent(
      'Ingress is isolated',
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Reachability in cluster prod-eu' }),
    );
    await userEvent.click(screen.getByRole('option', { name: 'prod-us' }));

    expect(screen.getAllByRole('alert')[0]).toHaveTextContent(
      'Ingress is open to everyone',
    );
  });
});

describe('EntityReachability: live and sealed pictures', () => {
  const entity = { kind: 'Component', namespace: 'default', name: 'payments' };
  const sealedPicture = describeServiceReachability({
    policies: [sealedAllowCheckout],
    pods: 'pods app=payments in namespace shop',
  });
  const debugAllowAll: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'payments-debug-allow-all', namespace: 'shop' },
    spec: { podSelector: { matchLabels: { app: 'payments' } }, ingress: [{}] },
  };
  const livePicture: ClusterReachability = {
    cluster: 'demo-east',
    mode: 'live',
    reachability: describeServiceReachability({
      policies: [sealedAllowCheckout, debugAllowAll],
      pods: 'pods app=payments in namespace shop',
      unsealed: ['shop/payments-debug-allow-all'],
    }),
  };

  function renderWithApi(
    clusters: ClusterReachability[],
    getEntityReachability: NetsealApi['getEntityReachability'],
  ) {
    return renderInTestApp(
      <TestApiProvider
        apis={[[netsealApiRef, stubNetsealApi({ getEntityReachability })]]}
      >
        <EntityReachability clusters={clusters} entity={entity} />
      </TestApiProvider>,
    );
  }

  it('says plainly that a live-only policy lets everyone in, and shows the sealed picture on request', async () => {
    const asked = jest.fn(async () => ({
      items: [
        {
          cluster: 'demo-east',
          mode: 'sealed' as const,
          reachability: sealedPicture,
        },
      ],
    }));
    await renderWithApi([livePicture], asked);

    expect(screen.getAllByRole('alert')[0]).toHaveTextContent(
      'Ingress is open to everyone',
    );
    expect(screen.getAllByRole('alert')[0]).toHaveTextContent(
      'shop/payments-debug-allow-all (live only, not sealed in Git) allows all ingress',
    );
    expect(
      screen.getByRole('note', { name: 'Live policies not as sealed' }),
    ).toHaveTextContent(
      'shop/payments-debug-allow-all is live but not sealed in Git.',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Sealed only' }));

    expect(asked).toHaveBeenCalledWith(entity, { mode: 'sealed' });
    expect((await screen.findAllByRole('note'))[0]).toHaveTextContent(
      'Ingress is isolated',
    );
    expect(
      screen.getByText(
        'Drawn from the policies as sealed in Git for demo-east, whatever is live.',
      ),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Live' }));
    expect(screen.getAllByRole('alert')[0]).toHaveTextContent(
      'Ingress is open to everyone',
    );
  });

  it('says why a cluster shows its sealed picture when it cannot be seen live', async () => {
    await renderWithApi(
      [
        {
          cluster: 'demo-south',
          mode: 'sealed',
          liveUnavailable:
            'cluster demo-south is unreachable (connect ECONNREFUSED 127.0.0.1:16445), so the picture shows its sealed policies',
          reachability: sealedPicture,
        },
      ],
      async () => ({ items: [] }),
    );

    expect(
      screen.getByText(
        'The live picture is not available: cluster demo-south is unreachable (connect ECONNREFUSED 127.0.0.1:16445), so the picture shows its sealed policies.',
      ),
    ).toBeInTheDocument();
  });
});
