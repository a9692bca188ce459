/**
 * The CSV export of an order statement: one row per ISP for the node, then one per segment and ISP with a
 * share, then the totals. Times in ISO 8601 UTC beside the epoch ms; money in integer cents, as stored.
 */
import type { AllocationStatementDocument } from './allocation-statement';
import type { OrderStatementDocument } from './order-statement';

export const STATEMENT_CSV_HEADER = [
  'row', 'orderId', 'version', 'segmentId', 'ispStart', 'ispStartIso', 'priceCentsPerMWh', 'orderedW', 'baselineW', 'meteredW', 'commandedChangeW',
  'deliveredW', 'orderedWh', 'deliveredWh', 'paidWh', 'shortfallWh', 'remunerationCents', 'penaltyCents', 'netCents',
] as const;

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const iso = (ts: number): string => new Date(ts).toISOString();

export function orderStatementCsv(document: OrderStatementDocument, version: number): string {
  const rows: (string | number | null | undefined)[][] = [[...STATEMENT_CSV_HEADER]];
  const { orderId } = document;
  for (const isp of document.isps) {
    rows.push(['node', orderId, version, '', isp.ispStart, iso(isp.ispStart), isp.priceCentsPerMWh, isp.orderedW, isp.baselineW, isp.meteredW, '', isp.deliveredW, isp.orderedWh, isp.deliveredWh, isp.paidWh, isp.shortfallWh, isp.remunerationCents, isp.penaltyCents, isp.netCents]);
  }
  for (const segment of document.segments) {
    for (const isp of segment.isps) {
      rows.push(['segment', orderId, version, segment.segmentId, isp.ispStart, iso(isp.ispStart), '', '', '', isp.meteredW, isp.commandedChangeW, '', '', isp.deliveredWh, '', '', isp.remunerationCents, isp.penaltyCents, isp.netCents]);
    }
  }
  const t = document.totals;
  rows.push(['total', orderId, version, '', '', '', '', '', '', '', '', '', t.orderedWh, t.deliveredWh, t.paidWh, t.shortfallWh, t.remunerationCents, t.penaltyCents, t.netCents]);
  return rows.map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

export const ALLOCATION_CSV_HEADER = ['row', 'nodeId', 'participant', 'month', 'version', 'date', 'consumedWh', 'allocatedWh'] as const;

/** An allocation statement as CSV: one row per local day, then the month's total. */
export function allocationStatementCsv(document: AllocationStatementDocument, version: number): string {
  const rows: (string | number)[][] = [[...ALLOCATION_CSV_HEADER]];
  const { nodeId, participant, month } = document;
  for (const day of document.days) rows.push(['day', nodeId, participant, month, version, day.date, day.consumedWh, day.allocatedWh]);
  rows.push(['total', nodeId, participant, month, version, '', document.consumedWh, document.allocatedWh]);
  return rows.map((row) => row.map(cell).join(',')).join('\n') + '\n';
}
