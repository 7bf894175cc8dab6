export * from './file-ownership';
export * from './scaffold-file';
export * from './scaffold-paths';
export * from './required-check';
export * from './ci-variables';
export * from './deploy-environment';
export * from './ci-workflow';
export * from './go-service-scaffold';
