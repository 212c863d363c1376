export { PolicyDetailDrawer } from './PolicyDetailDrawer';
