import { ConfigError } from '@trottoir/config';

import { loadTelemetryConfig } from './telemetry.config';

describe('telemetry config', () => {
  it('defaults to no MQTT input, and a bridge of 32 connections in the trottoir-ingestion share group when MQTT_URL is set', () => {
    expect(loadTelemetryConfig({})).toMatchObject({ mqttUrl: undefined, mqttConnections: 32, mqttShareGroup: 'trottoir-ingestion' });
    expect(loadTelemetryConfig({ MQTT_URL: 'mqtt://127.0.0.1:1883', MQTT_CONNECTIONS: '4', MQTT_SHARE_GROUP: 'site-a' })).toMatchObject({ mqttConnections: 4, mqttShareGroup: 'site-a' });
  });

  it('fails fast, naming the variable, on a share group that would change the subscription filter or on zero connections', () => {
    expect(() => loadTelemetryConfig({ MQTT_SHARE_GROUP: 'a/b' })).toThrow(ConfigError);
    expect(() => loadTelemetryConfig({ MQTT_SHARE_GROUP: 'a/b' })).toThrow(/MQTT_SHARE_GROUP="a\/b" is invalid: .*share group/);
    expect(() => loadTelemetryConfig({ MQTT_CONNECTIONS: '0' })).toThrow(/MQTT_CONNECTIONS/);
  });
});
