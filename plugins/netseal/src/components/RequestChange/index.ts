export { RequestChangeButton } from './RequestChangeButton';
export { RequestChangeDialog } from './RequestChangeDialog';
