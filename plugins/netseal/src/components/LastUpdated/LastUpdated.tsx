import { SubtleText } from '../SubtleText';

/** `HH:MM:SS` in the viewer's time zone. */
export function formatClockTime(date: Date): string {
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map(part => String(part).padStart(2, '0'))
    .join(':');
}

/** When the view last refreshed, so a reader can tell live data from a stale page. */
export function LastUpdated(props: { at?: Date }) {
  const { at } = props;
  if (!at) {
    return null;
  }
  return (
    <SubtleText variant="caption" title={at.toLocaleString()}>
      {`Last updated ${formatClockTime(at)}`}
    </SubtleText>
  );
}
