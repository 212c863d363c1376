export { DriftAttributionText } from './DriftAttributionText';
