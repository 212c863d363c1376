import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { NetsealApi, netsealApiRef } from '../../api';
import { NetsealPage } from './NetsealPage';

function renderWith(api: NetsealApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[netsealApiRef, api]]}>
      <NetsealPage />
    </TestApiProvider>,
  );
}

describe('NetsealPage (legacy frontend system)', () => {
  it('says that the backend answers', async () => {
    await renderWith({ getHealth: async () => ({ status: 'ok' }) });

    expect(await screen.findByText('Netseal backend: ok')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Netseal' }),
    ).toBeInTheDocument();
  });

  it('shows the error when the backend cannot be reached', async () => {
    await renderWith({
      getHealth: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:7007');
      },
    });

    const messages = await screen.findAllByText(
      /connect ECONNREFUSED 127\.0\.0\.1:7007/,
    );
    expect(messages[0]).toBeVisible();
    expect(screen.queryByText(/Netseal backend:/)).not.toBeInTheDocument();
  });
});
