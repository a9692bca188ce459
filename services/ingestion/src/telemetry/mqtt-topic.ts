/** The MQTT topic layout of segment telemetry: `trottoir/telemetry/<segmentId>`, one JSON reading per message. */
export const MQTT_TELEMETRY_FILTER = 'trottoir/telemetry/+';
const PREFIX = 'trottoir/telemetry/';

/** The segment id a telemetry topic names, or '' when the topic is not one (its readings then fail validation). */
export function segmentIdFromTopic(topic: string): string {
  if (!topic.startsWith(PREFIX)) return '';
  const id = topic.slice(PREFIX.length);
  return id.includes('/') ? '' : id;
}
