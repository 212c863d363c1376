export { registerNetsealActions } from './registerNetsealActions';
export type { NetsealActionServices } from './NetsealActionServices';
