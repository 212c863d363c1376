export { formatRelativeTime, RelativeTime } from './RelativeTime';
