/** `trottoir token`: mints a JWT for the API with the configured HS256 secret (or the development secret). */
import { isRole, ROLES } from '@trottoir/service-runtime';
import type { Role } from '@trottoir/service-runtime';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';

import { mintToken, NoSigningKeyError, parseTtl, signerFromEnv } from '../tokens';

function roleList(raw: string): Role[] {
  const roles = raw.split(',').map((role) => role.trim()).filter(Boolean);
  const unknown = roles.filter((role) => !isRole(role));
  if (roles.length === 0 || unknown.length > 0) throw new InvalidArgumentError(`expected roles among ${ROLES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`);
  return roles as Role[];
}

function ttl(raw: string): number {
  try {
    return parseTtl(raw);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export interface TokenCommandDeps {
  out?: (text: string) => void;
  err?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
}

export function registerTokenCommand(program: Command, deps: TokenCommandDeps = {}): Command {
  const out = deps.out ?? ((text: string) => process.stdout.write(text));
  const err = deps.err ?? ((text: string) => process.stderr.write(text));
  return program
    .command('token')
    .description('mint a bearer token (JWT, HS256) for the REST API of the services')
    .requiredOption('--role <roles>', `comma-separated roles: ${ROLES.join(', ')}`, roleList)
    .option('--dso <id>', 'the DSO whose grid nodes a dso-operator may see and command (claim dso_id; required with dso-operator)')
    .option('--segments <ids>', 'comma-separated segments a device may report for (claim segment_ids; required with device)')
    .option('--subject <sub>', 'the token subject (claim sub): rate limits, idempotency keys and the audit are kept per subject')
    .option('--ttl <duration>', 'lifetime: seconds, or 30m, 12h, 30d', ttl, 3_600)
    .addHelpText(
      'after',
      [
        '',
        'Signs with TROTTOIR_JWT_SECRET; without it, with the published development secret, which only services',
        'started in development mode accept (`trottoir start` with no key configured). Adds iss/aud from',
        'TROTTOIR_JWT_ISSUER / TROTTOIR_JWT_AUDIENCE when set. Under RS256 (TROTTOIR_JWT_PUBLIC_KEY) tokens come from',
        'your identity provider instead. The token is printed alone on stdout:',
        '  curl -H "Authorization: Bearer $(npx trottoir token --role dso-operator --dso enedis)" localhost:3002/v1/forecasts/nodes/ps01',
      ].join('\n'),
    )
    .action((options: { role: Role[]; dso?: string; segments?: string; subject?: string; ttl: number }) => {
      const segmentIds = options.segments?.split(',').map((id) => id.trim()).filter(Boolean);
      if (options.role.includes('dso-operator') && !options.dso) throw new InvalidArgumentError('a dso-operator token needs --dso <id>');
      if (options.role.includes('device') && !segmentIds?.length) throw new InvalidArgumentError('a device token needs --segments <ids>');
      let signer;
      try {
        signer = signerFromEnv(deps.env ?? process.env);
      } catch (error) {
        if (!(error instanceof NoSigningKeyError)) throw error;
        err(`trottoir token: ${error.message}\n`);
        process.exitCode = 1;
        return;
      }
      if (signer.development) err('signed with the development secret (no TROTTOIR_JWT_SECRET): accepted only by services in development mode\n');
      out(`${mintToken(signer, { roles: options.role, dsoId: options.dso, segmentIds, subject: options.subject, ttlS: options.ttl })}\n`);
    });
}
