export { ComplianceView } from './ComplianceView';
