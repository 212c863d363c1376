export { NetsealPage, NetsealPageContent } from './NetsealPage';
