// What runs around a service's domain (host) and how a service is composed on the adapters a mode
// chooses. The distributed runner (run-service.ts) is `@candor/runtime/distributed`, not exported
// here: it loads the Postgres, Kafka and Mongo clients.
export * from './service-host';
export * from './compose';
export * from './readiness';
export * from './consumer-lag';
