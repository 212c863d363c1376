import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  paymentsRollout,
  runningRollout,
} from '../../__fixtures__/paymentsRollout';
import { RolloutView } from './RolloutView';

const guard =
  'Create the guard shop/netseal-guard-14: deny all ingress of pods app=payments in namespace shop while the policies are swapped.';

describe('RolloutView', () => {
  it('shows each step of each cluster with its status in words, its error and its rollback', async () => {
    await renderInTestApp(<RolloutView rollout={paymentsRollout} />);

    // The rollout as a whole and prod-us rolled back; prod-eu completed.
    expect(screen.getAllByText('rolled-back')).toHaveLength(2);

    const eu = within(screen.getByRole('region', { name: 'Cluster prod-eu' }));
    expect(eu.getByText('netseal-rollout-prod-eu')).toBeInTheDocument();
    expect(eu.getByText('completed')).toBeInTheDocument();
    const deleted = eu.getByRole('row', {
      name: /Delete shop\/allow-ledger\./,
    });
    expect(within(deleted).getByText('done')).toBeInTheDocument();
    expect(within(deleted).getByText('rollout')).toBeInTheDocument();

    const us = within(screen.getByRole('region', { name: 'Cluster prod-us' }));
    expect(us.getByText('netseal-rollout-prod-us')).toBeInTheDocument();
    expect(
      us.getByRole('alert', { name: 'Why prod-us rolled-back' }),
    ).toHaveTextContent(
      'Creating shop/allow-ledger failed; the policies as before are back.',
    );
    const failed = us.getByRole('row', { name: /Create shop\/allow-ledger/ });
    expect(within(failed).getByText('failed')).toBeInTheDocument();
    expect(
      within(failed).getByText(
        'Error: admission webhook denied the request: quota exceeded',
      ),
    ).toBeInTheDocument();
    // How long the step took, with when it started and finished in its title.
    expect(within(failed).getByText('1.0 s')).toHaveAttribute(
      'title',
      expect.stringMatching(/^started .+, finished .+$/),
    );
    const undo = us.getByRole('row', {
      name: /Delete the guard shop\/netseal-guard-14\./,
    });
    expect(within(undo).getByText('rollback')).toBeInTheDocument();
    expect(within(undo).getByText('done')).toBeInTheDocument();
  });

  it('gives each step and the whole rollout its duration', async () => {
    await renderInTestApp(<RolloutView rollout={paymentsRollout} />);

    const eu = within(screen.getByRole('table', { name: 'Steps in prod-eu' }));
    expect(eu.getByRole('columnheader', { name: 'Duration' })).toBeVisible();
    expect(
      eu
        .getAllByRole('row')
        .slice(1)
        .map(row => row.lastChild?.textContent),
    ).toEqual(['1.0 s', '1.0 s']);
    const facts = within(screen.getByRole('region', { name: 'Rollout' }));
    expect(facts.getByText('Ended').nextSibling).toHaveTextContent(
      /, after 1 min$/,
    );
  });

  it('shortens a seal in a step to its first digits, with a button that copies it', async () => {
    const seal =
      'sha256:26538035c8a6569b761862729828f2bd5fe6c73ac691e5106998c2ef75e5096f';
    const cluster = paymentsRollout.clusters[0];
    await renderInTestApp(
      <RolloutView
        rollout={{
          ...paymentsRollout,
          clusters: [
            {
              ...cluster,
              steps: [
                {
                  ...cluster.steps[0],
                  description: `Read shop/allow-ledger back and check its digest against ${seal}.`,
                },
              ],
            },
          ],
        }}
      />,
    );

    const step = screen.getByRole('row', { name: /^Read shop\/allow-ledger/ });
    expect(step).toHaveTextContent(
      'Read shop/allow-ledger back and check its digest against 26538035c8a6.',
    );
    expect(
      within(step).getByRole('button', { name: `Copy seal ${seal}` }),
    ).toBeInTheDocument();
  });

  it('shows the approval as the backend verified it', async () => {
    await renderInTestApp(<RolloutView rollout={paymentsRollout} />);

    const facts = within(screen.getByRole('region', { name: 'Rollout' }));
    expect(facts.getByText('3f9c2a1')).toHaveAttribute(
      'title',
      paymentsRollout.mergeCommitSha,
    );
    expect(
      facts.getByRole('button', {
        name: `Copy merge commit ${paymentsRollout.mergeCommitSha}`,
      }),
    ).toBeInTheDocument();
    expect(facts.getByText('Approved by').nextSibling).toHaveTextContent('sam');
    expect(facts.getByText('Merged by').nextSibling).toHaveTextContent('riley');
    expect(facts.getByText('Started').nextSibling).toHaveTextContent(
      /^by riley/,
    );
  });

  it('shows a running step with a progress indicator and a pending one as not started', async () => {
    await renderInTestApp(<RolloutView rollout={runningRollout} />);

    const running = screen.getByRole('row', { name: /Create the guard/ });
    expect(within(running).getByText('running')).toBeInTheDocument();
    expect(
      within(running).getByRole('progressbar', {
        name: `${guard} in progress`,
      }),
    ).toBeInTheDocument();
    const pending = screen.getByRole('row', {
      name: /Delete shop\/allow-ledger\./,
    });
    expect(within(pending).getByText('pending')).toBeInTheDocument();
    expect(within(pending).getByText('not started')).toBeInTheDocument();
    // A running step has no duration yet: it says since when it runs.
    expect(running).toHaveTextContent(/started .+ ago$/);
  });

  it('says what a queued rollout waits for', async () => {
    await renderInTestApp(
      <RolloutView
        rollout={{
          status: 'queued',
          waitingFor: 'request #9, which holds shop/allow-ledger in prod-eu',
          clusters: [],
        }}
      />,
    );

    expect(screen.getByText('queued')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Queued: waiting for request #9, which holds shop/allow-ledger in prod-eu.',
      ),
    ).toBeInTheDocument();
  });
});
