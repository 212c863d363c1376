import { render, screen } from '@testing-library/react';
import { formatRelativeTime, RelativeTime } from './RelativeTime';

describe('formatRelativeTime', () => {
  const now = new Date('2026-11-26T12:00:00Z');

  it('uses the largest whole unit', () => {
    expect(formatRelativeTime(new Date('2026-11-26T11:59:30Z'), now)).toBe(
      '30 seconds ago',
    );
    expect(formatRelativeTime(new Date('2026-11-26T11:55:00Z'), now)).toBe(
      '5 minutes ago',
    );
    expect(formatRelativeTime(new Date('2026-11-26T09:00:00Z'), now)).toBe(
      '3 hours ago',
    );
    expect(formatRelativeTime(new Date('2026-11-24T12:00:00Z'), now)).toBe(
      '2 days ago',
    );
    expect(formatRelativeTime(now, now)).toBe('now');
  });
});

describe('RelativeTime', () => {
  it('gives the absolute time in its title and in machine-readable form', () => {
    render(<RelativeTime value="2026-11-26T09:00:00.000Z" />);

    const time = screen.getByText(/ago$/);
    expect(time).toHaveAttribute('datetime', '2026-11-26T09:00:00.000Z');
    expect(time).toHaveAttribute(
      'title',
      new Date('2026-11-26T09:00:00.000Z').toLocaleString(),
    );
  });
});
