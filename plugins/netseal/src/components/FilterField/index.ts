export { FilterField } from './FilterField';
