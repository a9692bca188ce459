// What the Vitest global setup started, kept on globalThis so that the teardown (same process) stops
// exactly that and nothing it merely reused.

export interface StartedComponent {
  name: string;
  stop(): Promise<void>;
}

const KEY = Symbol.for('trottoir.testing.infra');

type Holder = { [KEY]?: StartedComponent[] };

export function rememberStarted(components: StartedComponent[]): void {
  (globalThis as Holder)[KEY] = components;
}

/** The components recorded by the setup, removed from globalThis. */
export function takeStarted(): StartedComponent[] {
  const holder = globalThis as Holder;
  const components = holder[KEY] ?? [];
  delete holder[KEY];
  return components;
}
