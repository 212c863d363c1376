export { ClampedText } from './ClampedText';
