/**
 * The REST edge of settlement: statements by order, an operation's monthly allocation statements, a
 * statement with all its versions (each with its content hash, its inputs' extent and the difference to
 * the previous one), a version's document byte for byte as hashed, and the CSV export. Same roles and scope as dispatch's reads: a DSO operator sees the
 * statements of its own grid nodes' orders; market and ops-viewer read every one.
 */
import { BadRequestException, Controller, Get, Header, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import type { AllocationStatementDocument, OrderStatementDocument } from '@trottoir/settlement';
import { allocationStatementCsv, orderStatementCsv } from '@trottoir/settlement';
import { Allow, Doc, node, param, query, Scope, Secured, stored } from '@trottoir/service-runtime';

import type { StatementSummary, StatementVersionRecord } from '../store/statement-records';
import { STATEMENT_STORE } from '../store/statement-store.port';
import type { StatementStore } from '../store/statement-store.port';

const READERS = ['dso-operator', 'market', 'ops-viewer'] as const;

const VERSION_SCHEMA = {
  type: 'object',
  properties: {
    version: { type: 'integer' },
    contentSha256: { type: 'string', description: 'SHA-256 of the canonical document text (GET …/versions/{version}/document)' },
    issuedAt: { type: 'integer', description: 'epoch ms UTC' },
    dataAsOf: { type: 'integer', description: 'the inputs are the data stored at this instant, epoch ms UTC' },
    dataChangeId: { type: 'integer', description: 'position in the late-data log the inputs include' },
    publishedAt: { type: ['integer', 'null'] },
    document: { type: 'object', description: 'the statement document (format trottoir.settlement.order-statement/1)' },
    changes: { type: 'array', description: 'difference to the previous version: {path, from, to, delta}; empty for version 1', items: { type: 'object' } },
  },
};
const STATEMENT_SCHEMA = {
  type: 'object',
  properties: { statementId: { type: 'string' }, kind: { type: 'string' }, orderId: { type: 'string' }, nodeId: { type: 'string' }, dsoId: { type: 'string' }, versions: { type: 'array', items: VERSION_SCHEMA } },
};

function versionView(version: StatementVersionRecord): unknown {
  return {
    version: version.version,
    contentSha256: version.contentSha256,
    issuedAt: version.issuedAt,
    dataAsOf: version.dataAsOf,
    dataChangeId: version.dataChangeId,
    publishedAt: version.publishedAt ?? null,
    document: JSON.parse(version.document) as unknown,
    changes: version.changes === undefined ? [] : (JSON.parse(version.changes) as unknown),
  };
}

function statementView(summary: StatementSummary): unknown {
  const { versions, ...header } = summary;
  return { ...header, versions: versions.map(versionView) };
}

@Controller('v1/statements')
@Secured()
export class StatementsController {
  constructor(@Inject(STATEMENT_STORE) private readonly store: StatementStore) {}

  @Get()
  @Allow(...READERS)
  @Scope(stored(query('orderId'), 'flex order', STATEMENT_STORE, 'orderScope'))
  @Doc({
    summary: 'The settlement statements of a flex order, every version included',
    query: { orderId: 'the flex order (required)' },
    response: { description: 'the statements (empty until the order is settled: its last ISP + the settlement delay)', schema: { type: 'array', items: STATEMENT_SCHEMA } },
    errors: { 400: 'no orderId' },
  })
  async list(@Query('orderId') orderId?: string): Promise<unknown[]> {
    if (typeof orderId !== 'string' || orderId.trim() === '') throw new BadRequestException({ message: 'give the order: GET /v1/statements?orderId=<id>' });
    return (await this.store.statementsOfOrder(orderId)).map(statementView);
  }

  @Get('allocations/:nodeId/:month')
  @Allow(...READERS)
  @Scope(node(param('nodeId')))
  @Doc({
    summary: 'The energy-allocation statements of an operation\'s month (the segments below a grid node), one per participant, every version included',
    response: { description: 'the statements (empty until the month is over + the settlement delay)', schema: { type: 'array', items: STATEMENT_SCHEMA } },
    errors: { 400: 'month is not YYYY-MM' },
  })
  async allocations(@Param('nodeId') nodeId: string, @Param('month') month: string): Promise<unknown[]> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new BadRequestException({ message: `month "${month}" is not YYYY-MM` });
    return (await this.store.allocationStatements(nodeId, month)).map(statementView);
  }

  @Get(':statementId')
  @Allow(...READERS)
  @Scope(stored(param('statementId'), 'statement', STATEMENT_STORE, 'statementScope'))
  @Doc({ summary: 'A statement with all its versions, their content hashes, inputs\' extent and differences', response: { description: 'the statement', schema: STATEMENT_SCHEMA }, errors: { 404: 'no such statement' } })
  async statement(@Param('statementId') statementId: string): Promise<unknown> {
    return statementView(await this.found(statementId));
  }

  @Get(':statementId/versions/:version/document')
  @Allow(...READERS)
  @Scope(stored(param('statementId'), 'statement', STATEMENT_STORE, 'statementScope'))
  @Header('content-type', 'application/json; charset=utf-8')
  @Doc({ summary: 'One version\'s document, the exact canonical JSON bytes its contentSha256 is the hash of', response: { description: 'canonical JSON' }, errors: { 404: 'no such statement or version' } })
  async document(@Param('statementId') statementId: string, @Param('version') version: string): Promise<string> {
    return this.version(await this.found(statementId), version).document;
  }

  @Get(':statementId/csv')
  @Allow(...READERS)
  @Scope(stored(param('statementId'), 'statement', STATEMENT_STORE, 'statementScope'))
  @Header('content-type', 'text/csv; charset=utf-8')
  @Doc({
    summary: 'A statement version as CSV: for an order one row per ISP at the node, per segment share and the totals (money in cents); for an allocation one row per day and the month',
    query: { version: 'the version (default: the latest)' },
    response: { description: 'text/csv' },
    errors: { 400: 'version is not a number', 404: 'no such statement or version' },
  })
  async csv(@Param('statementId') statementId: string, @Query('version') version?: string): Promise<string> {
    const summary = await this.found(statementId);
    const chosen = version === undefined ? summary.versions[summary.versions.length - 1] : this.version(summary, version);
    if (summary.kind === 'allocation') return allocationStatementCsv(JSON.parse(chosen.document) as AllocationStatementDocument, chosen.version);
    return orderStatementCsv(JSON.parse(chosen.document) as OrderStatementDocument, chosen.version);
  }

  private async found(statementId: string): Promise<StatementSummary> {
    const summary = await this.store.statement(statementId);
    if (!summary) throw new NotFoundException({ message: `no statement "${statementId}"` });
    return summary;
  }

  private version(summary: StatementSummary, raw: string): StatementVersionRecord {
    if (!/^[1-9]\d{0,8}$/.test(raw)) throw new BadRequestException({ message: `version "${raw}" is not a version number` });
    const found = summary.versions.find((v) => v.version === Number(raw));
    if (!found) throw new NotFoundException({ message: `statement "${summary.statementId}" has no version ${raw} (latest: ${summary.versions.length})` });
    return found;
  }
}
