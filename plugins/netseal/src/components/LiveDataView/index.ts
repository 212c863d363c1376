export { LiveDataView } from './LiveDataView';
