export * from './events';
export * from './factories';
export * from './test-app';
export * from './test-env';
export * from './processes';
export * from './own-redis';
export * from './service-module';
export * from './smtp-sink';
