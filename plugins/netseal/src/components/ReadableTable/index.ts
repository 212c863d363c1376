export { ReadableTable } from './ReadableTable';
export { withBreakOpportunities } from './breakOpportunities';
export { fitContent } from './columnWidths';
export { tableCells } from './tableCells';
export type { CellRenderers } from './tableCells';
