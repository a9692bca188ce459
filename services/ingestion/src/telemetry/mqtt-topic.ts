/**
 * The MQTT topic layout of segment telemetry: `<root>/<segmentId>`, one JSON reading per message,
 * with root `trottoir/telemetry` (a test gives its own root so it does not talk to other users of the broker).
 */
export const MQTT_TELEMETRY_ROOT = 'trottoir/telemetry';

/** The subscription filter of a root: `trottoir/telemetry/+`. */
export function telemetryFilter(root: string = MQTT_TELEMETRY_ROOT): string {
  return `${root}/+`;
}

/** The segment id a telemetry topic names, or '' when the topic is not one (its readings then fail validation). */
export function segmentIdFromTopic(topic: string, root: string = MQTT_TELEMETRY_ROOT): string {
  const prefix = `${root}/`;
  if (!topic.startsWith(prefix)) return '';
  const id = topic.slice(prefix.length);
  return id.includes('/') ? '' : id;
}
