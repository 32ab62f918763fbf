export * from './app-config';
export * from './config.module';
export * from './env.schema';
export * from './env-help';
export * from './logging';
export * from './heap';
