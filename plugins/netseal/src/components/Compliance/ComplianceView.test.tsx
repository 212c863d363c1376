import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import type { ComplianceReport } from '@netseal/backstage-plugin-netseal-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { netsealApiRef } from '../../api';
import { stubNetsealApi } from '../../__testUtils__/stubNetsealApi';
import { ComplianceView } from './ComplianceView';

const report: ComplianceReport = {
  from: '2026-12-01T09:00:00.000Z',
  to: '2026-12-01T15:00:00.000Z',
  attestations: { signed: true },
  clusters: [{ cluster: 'prod-eu', guardProtectedShare: 5 / 6 }],
  policies: [
    {
      cluster: 'prod-eu',
      namespace: 'shop',
      name: 'allow-checkout',
      entityRef: 'component:default/payments',
      seal: `sha256:${'a'.repeat(64)}`,
      status: 'drifted',
      inSyncWholeWindow: false,
      drifts: 2,
    },
  ],
  incidents: [
    {
      cluster: 'prod-eu',
      namespace: 'shop',
      name: 'allow-checkout',
      entityRef: 'component:default/payments',
      status: 'drifted',
      start: '2026-12-01T10:00:00.000Z',
      end: '2026-12-01T10:30:00.000Z',
      durationSeconds: 1800,
      attribution: { writer: 'manual', manager: 'kubectl-edit' },
      endedBy: 'restored',
    },
  ],
  totals: {
    policies: 1,
    inSyncWholeWindowShare: 0,
    drifts: 1,
    meanTimeToRestoreSeconds: 1800,
    worstTimeToRestoreSeconds: 1800,
    withoutProvenance: 1,
    windowSeconds: 21600,
  },
};

describe('ComplianceView', () => {
  it('shows the totals, the guard’s share and who changed each drifted policy', async () => {
    const api = stubNetsealApi({
      getComplianceReport: jest.fn(async () => report),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[netsealApiRef, api]]}>
        <ComplianceView />
      </TestApiProvider>,
    );

    expect(await screen.findByText('83.3% of the window')).toBeInTheDocument();
    expect(screen.getByText('Guard protecting prod-eu')).toBeInTheDocument();
    expect(screen.getByText('kubectl-edit (manual)')).toBeInTheDocument();
    expect(screen.getByText('restored')).toBeInTheDocument();
    expect(screen.getAllByText('30 min')).toHaveLength(3);
  });

  it('downloads a table as CSV, asking for the window shown', async () => {
    const getComplianceCsv = jest.fn(async () => 'cluster\r\n');
    const api = stubNetsealApi({
      getComplianceReport: jest.fn(async () => report),
      getComplianceCsv,
    });
    URL.createObjectURL = jest.fn(() => 'blob:report');
    URL.revokeObjectURL = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[netsealApiRef, api]]}>
        <ComplianceView />
      </TestApiProvider>,
    );
    await screen.findByText('83.3% of the window');

    fireEvent.click(
      screen.getByRole('button', { name: 'Download drift incidents (CSV)' }),
    );

    await waitFor(() =>
      expect(getComplianceCsv).toHaveBeenCalledWith(
        expect.objectContaining({
          from: expect.any(String),
          to: expect.any(String),
        }),
        'incidents',
      ),
    );
  });
});
