export * from './isp';
