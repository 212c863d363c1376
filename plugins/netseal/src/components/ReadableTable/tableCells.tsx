import { MTableCell } from '@material-table/core';
import type { ReactNode } from 'react';

/** How a table draws the cells of some of its columns, by the column's field. */
export type CellRenderers<Row> = Partial<
  Record<string, (row: Row) => ReactNode>
>;

interface CellProps<Row> {
  columnDef: { field?: unknown };
  rowData: Row;
  [prop: string]: unknown;
}

/**
 * A material-table `Cell` that draws the columns named in `renderers` with them and any
 * other column as material-table does. Pass it as `components={{ Cell }}`.
 *
 * Why not each column's own `render`: material-table warns ("columns provided to material
 * table are static, but contain functions") whenever a table whose columns hold functions
 * gets new data, even when the columns are the same objects, and Netseal's tables refresh
 * themselves. Columns that are plain data (fields, widths, styles) never warn, and sort and
 * search by their field.
 */
export function tableCells<Row>(renderers: CellRenderers<Row>) {
  return function Cell(props: CellProps<Row>) {
    const field = props.columnDef.field;
    const render = typeof field === 'string' ? renderers[field] : undefined;
    if (!render) {
      return <MTableCell {...props} />;
    }
    return (
      <MTableCell {...props} value={undefined}>
        {render(props.rowData)}
      </MTableCell>
    );
  };
}
