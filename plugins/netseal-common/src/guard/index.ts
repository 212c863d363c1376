export * from './guardNames';
