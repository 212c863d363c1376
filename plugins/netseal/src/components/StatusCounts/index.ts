export { StatusCounts } from './StatusCounts';
