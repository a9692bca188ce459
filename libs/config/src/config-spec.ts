/**
 * Typed configuration read once at start from the environment. Each variable is declared with its
 * parser, a description and whether it is a secret, so that a bad or missing value stops the process
 * with a message that names the variable and says what was expected — never a crash later on.
 */
export interface VariableSpec<T> {
  /** Environment variable name, e.g. `KAFKA_BROKERS`. */
  env: string;
  description: string;
  /** Secrets are never echoed back in errors or in `describeConfig`. */
  sensitive?: boolean;
  /** Used when the variable is unset or empty; without a default the variable is required. */
  default?: T;
  /** Turns the raw text into a value or throws an Error whose message says what was expected. */
  parse: (raw: string) => T;
}

export type ConfigSpec = Record<string, VariableSpec<unknown>>;

export type ConfigOf<S extends ConfigSpec> = { readonly [K in keyof S]: S[K] extends VariableSpec<infer T> ? T : never };

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads every variable of `spec` from `env`; reports all problems at once. */
export function loadConfig<S extends ConfigSpec>(spec: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(spec)) {
    const raw = env[variable.env];
    if (raw === undefined || raw.trim() === '') {
      if ('default' in variable) values[key] = variable.default;
      else problems.push(`${variable.env} is required: ${variable.description}`);
      continue;
    }
    try {
      values[key] = variable.parse(raw.trim());
    } catch (error) {
      const shown = variable.sensitive ? '<hidden>' : JSON.stringify(raw);
      problems.push(`${variable.env}=${shown} is invalid: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values as ConfigOf<S>;
}

/** One line per variable, secrets hidden: what `--help` and start-up logs show. */
export function describeConfig(spec: ConfigSpec): string[] {
  return Object.values(spec).map((variable) => {
    const fallback = 'default' in variable ? ` (default: ${variable.sensitive ? '<hidden>' : JSON.stringify(variable.default)})` : ' (required)';
    return `${variable.env}${fallback} — ${variable.description}`;
  });
}
