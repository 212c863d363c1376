import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describeServiceReachability } from '@netseal/backstage-plugin-netseal-common';
import {
  isolatedPayments,
  openPayments,
  paymentsReachability,
} from '../../__fixtures__/paymentsReachability';
import { sealedAllowCheckout } from '../../__fixtures__/paymentsPolicies';
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
