export * from './useLiveData';
export { isSignalForEntity } from './isSignalForEntity';
