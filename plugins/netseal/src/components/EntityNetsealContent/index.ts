export { EntityNetsealContent } from './EntityNetsealContent';
