export { netsealPlugin as default } from './plugin';
