import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, screen, within } from '@testing-library/react';
import { NetsealApi, netsealApiRef } from '../../api';
import {
  ledgerEntity,
  PAYMENTS_REF,
  paymentsEntity,
} from '../../__fixtures__/paymentsEntity';
import {
  driftedPolicy,
  inSyncPolicy,
  paymentsPolicies,
} from '../../__fixtures__/paymentsPolicies';
import { notAllowedError } from '../../__testUtils__/notAllowed';
import { signalApiStub } from '../../__testUtils__/signalApiStub';
import { stubNetsealApi } from '../../__testUtils__/stubNetsealApi';
import { EntityNetsealCard } from './EntityNetsealCard';
import { Entity } from '@backstage/catalog-model';

function renderCard(
  api: NetsealApi,
  options: {
    entity?: Entity;
    signals?: ReturnType<typeof signalApiStub>;
    refreshIntervalMs?: number;
  } = {},
) {
  const {
    entity = paymentsEntity,
    signals = signalApiStub(),
    refreshIntervalMs,
  } = options;
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [netsealApiRef, api],
        [signalApiRef, signals],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityNetsealCard refreshIntervalMs={refreshIntervalMs} />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** An API whose answer for the entity's policies can be changed, counting its calls. */
function changingApi() {
  let items = [inSyncPolicy];
  const getEntityPolicies = jest.fn(async () => paymentsPolicies(items));
  return {
    api: stubNetsealApi({ getEntityPolicies }),
    getEntityPolicies,
    setItems: (next: typeof items) => {
      items = next;
    },
  };
}

describe('EntityNetsealCard', () => {
  it('gives the counts by status, the worst status and a link to the tab', async () => {
    await renderCard(
      stubNetsealApi({ getEntityPolicies: async () => paymentsPolicies() }),
    );

    // A missing policy outranks prod-ap being unreachable.
    const worst = await screen.findByRole('group', { name: 'Worst status' });
    expect(within(worst).getByRole('status')).toHaveTextContent('missing');
    expect(within(worst).getByText('of 6 policies')).toBeInTheDocument();
    const counts = screen.getByRole('list', {
      name: 'Policies by drift status',
    });
    expect(
      within(counts)
        .getAllByRole('status')
        .map(status => status.textContent),
    ).toEqual([
      'missing: 1',
      'drifted: 1',
      'unsealed: 2',
      'unknown: 1',
      'pending: 0',
      'in-sync: 1',
    ]);
    expect(
      within(counts).getByRole('status', { name: 'unsealed: 2' }),
    ).toBeInTheDocument();
    expect(
      within(counts).getByRole('status', { name: 'pending: 0' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /View network policies/ }),
    ).toHaveAttribute('href', '/catalog/default/component/payments/netseal');
    expect(screen.getByText(/Last updated \d\d:\d\d:\d\d/)).toBeInTheDocument();
  });

  it('refreshes when a drift signal names its entity, and not for another entity', async () => {
    const signals = signalApiStub();
    const { api, getEntityPolicies, setItems } = changingApi();
    // Polling an hour apart leaves only the signals to refresh the card here.
    await renderCard(api, { signals, refreshIntervalMs: 3_600_000 });
    const worst = await screen.findByRole('group', { name: 'Worst status' });
    expect(within(worst).getByRole('status')).toHaveTextContent('in-sync');

    setItems([driftedPolicy]);
    signals.publish('netseal:drift', {
      entityRef: 'component:default/checkout',
      cluster: 'prod-us',
      namespace: 'shop',
      name: 'allow-payments',
      from: 'in-sync',
      to: 'drifted',
    });
    signals.publish('netseal:drift', {
      entityRef: PAYMENTS_REF,
      cluster: 'prod-us',
      namespace: 'shop',
      name: 'allow-checkout',
      from: 'in-sync',
      to: 'drifted',
    });

    expect(
      await within(worst).findByRole('status', { name: 'drifted' }),
    ).toBeInTheDocument();
    expect(getEntityPolicies).toHaveBeenCalledTimes(2);
  });

  it('refreshes every 10 seconds when no signal arrives', async () => {
    jest.useFakeTimers();
    try {
      const { api, setItems } = changingApi();
      await renderCard(api);
      const worst = await screen.findByRole('group', { name: 'Worst status' });
      expect(within(worst).getByRole('status')).toHaveTextContent('in-sync');

      setItems([driftedPolicy]);
      await act(async () => {
        jest.advanceTimersByTime(10_000);
      });

      expect(
        await within(worst).findByRole('status', { name: 'drifted' }),
      ).toBeInTheDocument();
    } finally {
      jest.useRealTimers();
    }
  });

  it('names the annotation an entity without a policy source needs', async () => {
    await renderCard(stubNetsealApi(), { entity: ledgerEntity });

    expect(screen.getAllByText(/netseal\.io\/policy-source/)[0]).toBeVisible();
  });

  it('explains a missing permission', async () => {
    const error = await notAllowedError(PAYMENTS_REF);
    await renderCard(
      stubNetsealApi({ getEntityPolicies: () => Promise.reject(error) }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'You may not read the network policies of component:default/payments (permission netseal.policy.read)',
    );
  });
});
