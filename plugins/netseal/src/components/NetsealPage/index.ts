export { NetsealPage } from './NetsealPage';
