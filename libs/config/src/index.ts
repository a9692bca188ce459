export * from './config-spec';
export * from './parsers';
