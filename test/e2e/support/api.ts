/** The REST calls of the end-to-end specs: JSON bodies, and a bearer token per role as `trottoir start` prints them. */

export interface Json {
  [key: string]: unknown;
}

/** The body of a successful answer; a failed one throws with its status and body. */
export async function json(response: Response): Promise<Json> {
  const body = (await response.json()) as Json;
  if (!response.ok) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Calls as a role (dso-operator unless told), with the tokens `tokens()` gives at the time of the call. */
export function apiWith(tokens: () => Record<string, string>) {
  const as = (role: string, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${tokens()[role]}` } });
  const get = (url: string, role = 'dso-operator') => fetch(url, as(role));
  const send = (method: string, url: string, body: unknown, role = 'dso-operator') => fetch(url, as(role, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  const post = (url: string, body: unknown, role = 'dso-operator') => send('POST', url, body, role);
  return { get, send, post };
}
