export { ReadableTable } from './ReadableTable';
export { withBreakOpportunities } from './breakOpportunities';
export { fitContent } from './columnWidths';
