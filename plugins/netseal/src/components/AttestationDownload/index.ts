export { AttestationDownload, saveFile } from './AttestationDownload';
