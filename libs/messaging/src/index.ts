export * from './pulsar/pulsar-client.port';
