export { ShortSeal, shortSeal } from './ShortSeal';
export { withShortSeals } from './withShortSeals';
