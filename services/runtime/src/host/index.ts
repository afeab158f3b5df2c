export * from './service-host';
export * from './run-service';
