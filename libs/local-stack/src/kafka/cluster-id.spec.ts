import { newClusterId } from './kafka-broker';

describe('KRaft cluster ids', () => {
  it('are 22 URL-safe base64 characters that never start with a dash (StorageTool would take it for an option)', () => {
    for (let i = 0; i < 5_000; i += 1) {
      const id = newClusterId();
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    }
  });
});
