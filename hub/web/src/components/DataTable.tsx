import type { ComponentChildren, JSX } from 'preact';

type Attributes = Record<string, string | number | boolean | undefined>;

/** One column, as data: what its header says and how it draws a row's cell. */
export interface Column<Row> {
  /** Unique within the table; matches `sortedBy.key` when the table is sorted by this column. */
  key: string;
  header: ComponentChildren;
  cell: (row: Row) => ComponentChildren;
  /** 'num' right-aligns with tabular figures (money, counts) — header and cells alike. */
  align?: 'num';
  /** Classes on the header and every cell (e.g. 'col-wide', hidden on phones). */
  class?: string;
  /** Classes on the cells only; may depend on the row (e.g. the money tone). */
  cellClass?: string | ((row: Row) => string);
  /** Attributes on every cell, e.g. `{ 'data-net-today': true }` for tests and styles. */
  cellAttrs?: Attributes;
  /** The row's header cell (`<th scope="row">`) instead of a `<td>`. */
  rowHeader?: boolean;
}

export interface DataTableProps<Row> {
  columns: Array<Column<Row>>;
  rows: Row[];
  rowKey: (row: Row) => string;
  /** Attributes of a row's `<tr>` (data-*, class). */
  rowAttrs?: (row: Row) => Attributes;
  class?: string;
  /** Read by screen readers only. */
  caption?: ComponentChildren;
  /** The column the rows are ordered by: its header gets aria-sort. */
  sortedBy?: { key: string; desc: boolean };
  /** Each data cell carries its column's header as data-label (the phone layout shows it). */
  labelCells?: boolean;
  /** Said in place of the table when there is no row. */
  empty?: ComponentChildren;
  /** With no row, keep the table's head and say `empty` below it (a filter that matched nothing). */
  keepHeadWhenEmpty?: boolean;
}

const classes = (...names: Array<string | undefined>) => names.filter(Boolean).join(' ') || undefined;

function ariaSort<Row>(column: Column<Row>, sortedBy: DataTableProps<Row>['sortedBy']) {
  if (sortedBy?.key !== column.key) return undefined;
  return sortedBy.desc ? 'descending' : 'ascending';
}

function Cell<Row>({ column, row, label }: { column: Column<Row>; row: Row; label: boolean }) {
  const extra = typeof column.cellClass === 'function' ? column.cellClass(row) : column.cellClass;
  const className = classes(column.align, column.class, extra);
  if (column.rowHeader)
    return (
      <th scope="row" class={className} {...column.cellAttrs}>
        {column.cell(row)}
      </th>
    );
  const dataLabel = label && typeof column.header === 'string' ? column.header : undefined;
  return (
    <td data-label={dataLabel} class={className} {...column.cellAttrs}>
      {column.cell(row)}
    </td>
  );
}

/** The page's data tables: header row, one row per item, optional aria-sort and empty text. */
export function DataTable<Row>(props: DataTableProps<Row>): JSX.Element {
  const { columns, rows, empty } = props;
  const emptyNote = rows.length === 0 && empty !== undefined ? <p class="empty">{empty}</p> : null;
  if (emptyNote && !props.keepHeadWhenEmpty) return emptyNote;
  return (
    <div class="table-wrap">
      <table class={props.class}>
        {props.caption !== undefined && <caption class="visually-hidden">{props.caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                scope="col"
                class={classes(c.align, c.class)}
                aria-sort={ariaSort(c, props.sortedBy)}
                key={c.key}
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={props.rowKey(row)} {...props.rowAttrs?.(row)}>
              {columns.map((c) => (
                <Cell column={c} row={row} label={props.labelCells === true} key={c.key} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {emptyNote}
    </div>
  );
}
