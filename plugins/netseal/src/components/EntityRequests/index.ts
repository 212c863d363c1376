export { EntityRequestsTable } from './EntityRequestsTable';
