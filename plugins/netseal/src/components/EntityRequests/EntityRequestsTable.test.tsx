import { ResponseError } from '@backstage/errors';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NetsealApi, netsealApiRef } from '../../api';
import { PAYMENTS_REF } from '../../__fixtures__/paymentsEntity';
import { paymentsRequests } from '../../__fixtures__/paymentsRequests';
import { stubNetsealApi } from '../../__testUtils__/stubNetsealApi';
import { EntityRequestsTable } from './EntityRequestsTable';

function renderTable(api: NetsealApi) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [netsealApiRef, api],
        // The drawer a row opens asks whether the viewer may review.
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityRequestsTable entityRef={PAYMENTS_REF} />
    </TestApiProvider>,
  );
}

const requestsApi = () =>
  stubNetsealApi({
    listRequests: async query =>
      query?.entityRef === PAYMENTS_REF
        ? {
            items: paymentsRequests,
            totalCount: paymentsRequests.length,
          }
        : { items: [], totalCount: 0 },
    getRequest: async id => {
      const found = paymentsRequests.find(request => request.id === id);
      if (!found) {
        throw new Error(`no request ${id}`);
      }
      return found;
    },
  });

function rowOf(id: string): HTMLElement {
  const row = screen.getByText(id).closest('tr');
  if (!row) {
    throw new Error(`no row for ${id}`);
  }
  return row;
}

describe('EntityRequestsTable', () => {
  it("shows each of the service's requests with its state, policies, requester and reviews", async () => {
    await renderTable(requestsApi());

    await screen.findByText('Replacement requests');
    const approved = within(rowOf('#12'));
    expect(approved.getByRole('status')).toHaveTextContent('approved');
    expect(
      approved.getByText('replace prod-eu/shop/allow-ledger'),
    ).toBeInTheDocument();
    expect(approved.getByText('alice')).toBeInTheDocument();
    expect(approved.getByText('bob: approved')).toBeInTheDocument();
    expect(approved.getByText('1 of 1 approvals needed')).toBeInTheDocument();

    const closed = within(rowOf('#11'));
    expect(closed.getByRole('status')).toHaveTextContent('closed');
    expect(closed.getByText('dave: rejected')).toBeInTheDocument();
    expect(
      closed.getByText('remove prod-us/shop/deny-all'),
    ).toBeInTheDocument();
  });

  it("reads only the list, which carries each request's last-read reviews, not each request", async () => {
    const reads: string[] = [];
    await renderTable(
      stubNetsealApi({
        listRequests: async () => ({
          items: paymentsRequests,
          totalCount: paymentsRequests.length,
        }),
        getRequest: async id => {
          reads.push(id);
          return paymentsRequests[0];
        },
      }),
    );

    expect(await screen.findByText('bob: approved')).toBeInTheDocument();
    expect(reads).toEqual([]);
  });

  it('shows a UUID request id by its first 8 characters, copies the whole id, and opens the request from its row', async () => {
    const id = '3b1f0c52-9d4e-4c1a-8f6e-2a7b9c0d1e2f';
    const request = { ...paymentsRequests[0], id };
    const reads: string[] = [];
    await renderTable(
      stubNetsealApi({
        listRequests: async () => ({ items: [request], totalCount: 1 }),
        getRequest: async read => {
          reads.push(read);
          return request;
        },
      }),
    );

    const row = within(rowOf('#3b1f0c52'));
    expect(row.getByText('#3b1f0c52')).toHaveAttribute('title', id);
    // Copying the id is not opening the request.
    await userEvent.click(
      row.getByRole('button', { name: `Copy request id ${id}` }),
    );
    expect(reads).toEqual([]);

    await userEvent.click(row.getByText('alice'));
    expect(
      await screen.findByRole('heading', { name: 'Request #3b1f0c52' }),
    ).toHaveAttribute('title', id);
    expect(reads).toEqual([id]);
  });

  it('links each request to its pull request, opened in a new tab', async () => {
    await renderTable(requestsApi());

    const link = await screen.findByRole('link', {
      name: 'https://git.example/netseal/policies/pull/12, Opens in a new window',
    });
    expect(link).toHaveAttribute(
      'href',
      'https://git.example/netseal/policies/pull/12',
    );
    expect(link).toHaveAttribute('target', '_blank');
  });

  it('says so when the service has no replacement requests', async () => {
    await renderTable(
      stubNetsealApi({
        listRequests: async () => ({ items: [], totalCount: 0 }),
      }),
    );

    expect(
      await screen.findByText('No replacement requests for this service yet'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it("shows the server's message when the requests cannot be read", async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'Error', message: 'request store unavailable' },
        request: { method: 'GET', url: '/api/netseal/requests' },
        response: { statusCode: 503 },
      }),
      {
        status: 503,
        statusText: 'Service Unavailable',
        headers: { 'Content-Type': 'application/json' },
      },
    );
    const error = await ResponseError.fromResponse(response);
    await renderTable(
      stubNetsealApi({
        listRequests: async () => {
          throw error;
        },
      }),
    );

    expect(
      await screen.findByText('request store unavailable'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
