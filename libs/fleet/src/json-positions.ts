/**
 * Where each element of a GeoJSON document's top-level "features" array starts, as a 1-based line
 * number, so that an import error can name the line of the bad feature (JSON.parse keeps no positions).
 * A single pass over the text that tracks strings, nesting depth and the current key of the root object.
 */
export function featureLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let stringStart = 0;
  let lastRootKey: string | undefined;
  let pendingKey: string | undefined;
  let inFeatures = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') {
        inString = false;
        if (depth === 1) pendingKey = text.slice(stringStart + 1, i);
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (inFeatures && depth === 2 && expectElement && c !== ']') {
      lines.push(line);
      expectElement = false;
    }
    switch (c) {
      case '"':
        inString = true;
        stringStart = i;
        break;
      case ':':
        if (depth === 1) lastRootKey = pendingKey;
        break;
      case ',':
        if (depth === 1) lastRootKey = undefined;
        if (inFeatures && depth === 2) expectElement = true;
        break;
      case '{':
      case '[':
        depth++;
        if (depth === 2 && c === '[' && lastRootKey === 'features') {
          inFeatures = true;
          expectElement = true;
        }
        break;
      case '}':
      case ']':
        if (depth === 2 && inFeatures) inFeatures = false;
        depth--;
        break;
      default:
        break;
    }
  }
  return lines;
}
