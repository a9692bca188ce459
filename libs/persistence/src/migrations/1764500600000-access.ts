// Access to the REST API: the audit trail of every command (who, what, when, outcome, request id),
// read by admins through GET /v1/audit, and the Idempotency-Keys of POST requests with the first
// answer to each, kept until they expire (TROTTOIR_IDEMPOTENCY_TTL_H).
import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATEMENTS = [
  `create table if not exists audit_log (
     id bigserial not null,
     at timestamptz not null,
     service text not null,
     request_id text not null,
     subject text,
     roles text[] not null default '{}',
     method text not null,
     route text not null,
     path text not null,
     target_ids text[] not null default '{}',
     status integer not null,
     error text,
     duration_ms integer not null,
     constraint pk_audit_log primary key (id)
   )`,
  'create index if not exists ix_audit_log_at on audit_log (at)',
  'create index if not exists ix_audit_log_subject_at on audit_log (subject, at)',
  `create table if not exists idempotency_key (
     subject text not null,
     idempotency_key text not null,
     fingerprint text not null,
     created_at timestamptz not null,
     expires_at timestamptz not null,
     status integer,
     content_type text,
     body text,
     completed_at timestamptz,
     constraint pk_idempotency_key primary key (subject, idempotency_key)
   )`,
  'create index if not exists ix_idempotency_key_expires_at on idempotency_key (expires_at)',
];

export class Access1764500600000 implements MigrationInterface {
  readonly name = 'Access1764500600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['idempotency_key', 'audit_log']) await queryRunner.query(`drop table if exists ${table}`);
  }
}
