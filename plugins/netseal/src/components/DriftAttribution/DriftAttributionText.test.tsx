import { render, screen } from '@testing-library/react';
import { DriftAttributionText } from './DriftAttributionText';

describe('DriftAttributionText', () => {
  it('names the manager, that it was a manual edit, its operation and the generation', () => {
    render(
      <DriftAttributionText
        attribution={{
          writer: 'manual',
          manager: 'kubectl-edit',
          operation: 'Update',
          time: '2026-01-06T12:03:11.000Z',
          generation: 2,
        }}
      />,
    );

    expect(screen.getByText('kubectl-edit')).toBeInTheDocument();
    expect(screen.getByText(/^Changed by:/).textContent).toMatch(
      /^Changed by: kubectl-edit \(manual edit, Update, .+ ago, generation 2\)$/,
    );
    expect(screen.getByText(/ago$/)).toHaveAttribute(
      'datetime',
      '2026-01-06T12:03:11.000Z',
    );
  });

  it('tells a controller write from a manual edit', () => {
    render(
      <DriftAttributionText
        attribution={{
          writer: 'controller',
          manager: 'policy-operator',
          operation: 'Apply',
        }}
      />,
    );

    expect(screen.getByText(/^Changed by:/).textContent).toBe(
      'Changed by: policy-operator (controller write, Apply)',
    );
  });

  it('says who changed it is unknown, and why, instead of guessing', () => {
    render(
      <DriftAttributionText
        attribution={{
          writer: 'unknown',
          reason: 'the policy is absent live',
        }}
      />,
    );

    expect(screen.getByText(/^Changed by:/).textContent).toBe(
      'Changed by: unknown (the policy is absent live)',
    );
  });

  it('shows nothing for a policy without attribution', () => {
    const { container } = render(<DriftAttributionText />);
    expect(container).toBeEmptyDOMElement();
  });
});
