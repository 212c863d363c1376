import { renderTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { netsealApiRef } from './api';
import netsealPlugin from './alpha';

describe('netseal plugin (new frontend system)', () => {
  it('mounts its page at /netseal', async () => {
    renderTestApp({
      features: [netsealPlugin],
      initialRouteEntries: ['/netseal'],
      apis: [
        [netsealApiRef, { getHealth: async () => ({ status: 'ok' as const }) }],
      ],
    });

    expect(await screen.findByText('Netseal backend: ok')).toBeInTheDocument();
  });
});
