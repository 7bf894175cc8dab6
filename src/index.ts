export * from './environment';
export * from './golden-path';
export * from './platform';
export * from './team-environment';
export * from './go-microservice';
