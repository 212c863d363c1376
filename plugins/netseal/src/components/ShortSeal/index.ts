export { ShortSeal, shortSeal } from './ShortSeal';
