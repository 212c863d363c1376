const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
];

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "5 minutes ago", "in 2 hours", "now": how far `date` is from `now`, in its largest whole unit. */
export function formatRelativeTime(date: Date, now: Date = new Date()): string {
  let amount = Math.round((date.getTime() - now.getTime()) / 1000);
  for (const [unit, perNext] of UNITS) {
    if (Math.abs(amount) < perNext) {
      return relativeFormat.format(amount, unit);
    }
    amount = Math.round(amount / perNext);
  }
  return relativeFormat.format(amount, 'year');
}

/** A time relative to now, with the absolute time in its title (and machine-readable). */
export function RelativeTime(props: { value?: string }) {
  const { value } = props;
  if (!value) {
    return <span>never</span>;
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return <span>{value}</span>;
  }
  return (
    <time dateTime={date.toISOString()} title={date.toLocaleString()}>
      {formatRelativeTime(date)}
    </time>
  );
}
