export * from './NetsealApi';
export * from './NetsealClient';
