import { describeAuditLogContract } from './audit-log.contract';
import { InMemoryAuditLog } from './audit-log.in-memory';

describeAuditLogContract('in memory', { open: async () => new InMemoryAuditLog() });
