/**
 * @trottoir/kernel: the shared kernel every domain library and service builds on: time constants and
 * ISPs, the clock port.
 */
export * from './time';
export * from './isp';
export * from './clock';
export * from './local-time';
