export { PolicySourceErrorBanner } from './PolicySourceErrorBanner';
