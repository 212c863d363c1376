export { ShortId } from './ShortId';
