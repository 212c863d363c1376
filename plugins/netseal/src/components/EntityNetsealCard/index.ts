export { EntityNetsealCard, NETSEAL_CONTENT_PATH } from './EntityNetsealCard';
