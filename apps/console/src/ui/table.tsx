import type { ComponentChildren } from 'preact';

export interface Column<Row> {
  key: string;
  label: string;
  cell: (row: Row) => ComponentChildren;
  /** Right-aligned (figures). */
  numeric?: boolean;
  /** The API's sort name for this column, when it can sort by it. */
  sort?: string;
}

/**
 * A data table. Sortable headers are buttons that ask for another order (the API sorts: the
 * table shows one page of the whole ranking, not a page sorted on its own).
 */
export function Table<Row>({ caption, columns, rows, rowKey, sort, onSort, footer }: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  sort?: string;
  onSort?: (sort: string) => void;
  /** A last row apart from the data (a total), drawn by the same columns. */
  footer?: Row;
}) {
  return (
    <div class="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort !== undefined && c.sort !== undefined && sort.replace(/^-/, '') === c.sort;
              const descending = active && sort!.startsWith('-');
              return (
                <th key={c.key} scope="col" class={c.numeric ? 'num' : undefined} aria-sort={active ? (descending ? 'descending' : 'ascending') : undefined}>
                  {c.sort && onSort ? (
                    <button type="button" class="sort" onClick={() => onSort(active && descending ? c.sort! : `-${c.sort}`)}>
                      {c.label} <span aria-hidden="true">{active ? (descending ? '▼' : '▲') : '↕'}</span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} class="empty">
                Nothing to show for this view.
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                <Cells columns={columns} row={row} />
              </tr>
            ))
          )}
        </tbody>
        {footer !== undefined && (
          <tfoot>
            <tr>
              <Cells columns={columns} row={footer} />
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

function Cells<Row>({ columns, row }: { columns: Column<Row>[]; row: Row }) {
  return (
    <>
      {columns.map((c) => (
        <td key={c.key} class={c.numeric ? 'num' : undefined}>
          {c.cell(row)}
        </td>
      ))}
    </>
  );
}
