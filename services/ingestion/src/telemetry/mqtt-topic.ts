/**
 * The MQTT topic layout of segment telemetry: `<root>/<segmentId>`, one JSON reading per message,
 * with root `trottoir/telemetry` (a test gives its own root so it does not talk to other users of the broker).
 */
export const MQTT_TELEMETRY_ROOT = 'trottoir/telemetry';

/** The subscription filter of a root: `trottoir/telemetry/+`. */
export function telemetryFilter(root: string = MQTT_TELEMETRY_ROOT): string {
  return `${root}/+`;
}

/**
 * The shared-subscription filter of a root, `$share/<group>/trottoir/telemetry/+`: the broker hands each
 * message to one member of the group (MQTT 5, and Mosquitto for MQTT 3.1.1 clients too).
 */
export function sharedTelemetryFilter(group: string, root: string = MQTT_TELEMETRY_ROOT): string {
  if (group === '' || /[/+#]/.test(group)) throw new RangeError(`MQTT share group must be non-empty without '/', '+' or '#', got ${JSON.stringify(group)}`);
  return `$share/${group}/${telemetryFilter(root)}`;
}

/** The segment id a telemetry topic names, or '' when the topic is not one (its readings then fail validation). */
export function segmentIdFromTopic(topic: string, root: string = MQTT_TELEMETRY_ROOT): string {
  const prefix = `${root}/`;
  if (!topic.startsWith(prefix)) return '';
  const id = topic.slice(prefix.length);
  return id.includes('/') ? '' : id;
}
