export { SubtleText } from './SubtleText';
