export type { PolicyProvenance } from './types';
