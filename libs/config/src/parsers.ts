/** Parsers for configuration values; each throws an Error that says what it expected. */
export function integer(options: { min?: number; max?: number } = {}): (raw: string) => number {
  return (raw) => {
    if (!/^-?\d+$/.test(raw)) throw new Error('expected a whole number');
    const value = Number(raw);
    if (options.min !== undefined && value < options.min) throw new Error(`expected at least ${options.min}`);
    if (options.max !== undefined && value > options.max) throw new Error(`expected at most ${options.max}`);
    return value;
  };
}

export function port(): (raw: string) => number {
  return integer({ min: 0, max: 65535 });
}

export function oneOf<T extends string>(...allowed: T[]): (raw: string) => T {
  return (raw) => {
    if (!(allowed as string[]).includes(raw)) throw new Error(`expected one of ${allowed.join(', ')}`);
    return raw as T;
  };
}

export function text(): (raw: string) => string {
  return (raw) => raw;
}

export function boolean(): (raw: string) => boolean {
  return (raw) => {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new Error('expected true or false');
  };
}

/** `host:port[,host:port…]` */
export function brokerList(): (raw: string) => string[] {
  return (raw) => {
    const brokers = raw.split(',').map((broker) => broker.trim()).filter(Boolean);
    const bad = brokers.filter((broker) => !/^[^\s:]+:\d{1,5}$/.test(broker));
    if (brokers.length === 0 || bad.length > 0) throw new Error(`expected host:port[,host:port…], got ${bad.join(', ') || 'nothing'}`);
    return brokers;
  };
}

export function url(protocols: string[]): (raw: string) => string {
  return (raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new Error('expected a URL');
    }
    const protocol = parsed.protocol.replace(/:$/, '');
    if (!protocols.includes(protocol)) throw new Error(`expected a ${protocols.join(' or ')} URL`);
    return raw;
  };
}
