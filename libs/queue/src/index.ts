export * from './job-payloads';
export * from './queue-name';
export * from './queue.module';
export * from './redis';
