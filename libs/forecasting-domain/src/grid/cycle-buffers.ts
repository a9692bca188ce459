/**
 * Arrays that a forecaster fills every cycle (every node's forecasts and their intermediate sums, a chunk of
 * segments), kept from one cycle to the next instead of allocated afresh. At 5,677 nodes they are hundreds of
 * megabytes: new ones every 15 minutes left the previous cycle's to the garbage collector, so two cycles' worth
 * were resident at once and collecting them cost seconds of every cycle (issue 13).
 *
 * What is handed out is the previous cycle's array, not cleared: a caller that accumulates fills it first.
 * Whatever a cycle returns from them is therefore valid only until the next cycle that uses the same buffers.
 */
export class CycleBuffers {
  private readonly float64s = new Map<string, Float64Array>();
  private readonly float32s = new Map<string, Float32Array>();

  /** The array named `name`, `length` values long (grown when too short; its values are the last user's). */
  float64(name: string, length: number): Float64Array {
    let array = this.float64s.get(name);
    if (!array || array.length < length) {
      array = new Float64Array(length);
      this.float64s.set(name, array);
    }
    return array.length === length ? array : array.subarray(0, length);
  }

  /** The same for float32 arrays (a separate name space). */
  float32(name: string, length: number): Float32Array {
    let array = this.float32s.get(name);
    if (!array || array.length < length) {
      array = new Float32Array(length);
      this.float32s.set(name, array);
    }
    return array.length === length ? array : array.subarray(0, length);
  }
}
