export * from './environment';
export * from './golden-path';
export * from './platform';
