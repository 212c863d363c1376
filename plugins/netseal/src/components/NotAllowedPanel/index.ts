export { isNotAllowedError, NotAllowedPanel } from './NotAllowedPanel';
