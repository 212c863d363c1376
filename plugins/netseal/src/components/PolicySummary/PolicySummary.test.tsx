import { render, screen, within } from '@testing-library/react';
import { sealedAllowCheckout } from '../../__fixtures__/paymentsPolicies';
import { PolicySummary } from './PolicySummary';

describe('PolicySummary', () => {
  it("says what the sealed manifest allows in netseal-common's words", () => {
    render(<PolicySummary sealedManifest={sealedAllowCheckout} />);

    expect(
      screen.getByText(
        'Ingress to pods app=payments in namespace shop on TCP 8443 from pods app=checkout in namespace shop',
      ),
    ).toBeInTheDocument();
  });

  it("lists another describer's sentences when given one", () => {
    const describe = jest.fn(() => [
      'ingress to pods app=payments on TCP 8443 from pods app=checkout',
    ]);
    render(
      <PolicySummary
        sealedManifest={sealedAllowCheckout}
        describe={describe}
      />,
    );

    const list = screen.getByRole('list', { name: 'What this policy allows' });
    expect(
      within(list).getByText(
        'ingress to pods app=payments on TCP 8443 from pods app=checkout',
      ),
    ).toBeInTheDocument();
    expect(describe).toHaveBeenCalledWith(sealedAllowCheckout);
  });

  it('says there is nothing to summarise for a policy that exists only in the cluster', () => {
    render(<PolicySummary describe={() => ['never shown']} />);

    expect(
      screen.getByText(
        'No sealed manifest to summarise: the policy exists only in the cluster.',
      ),
    ).toBeInTheDocument();
  });
});
