export * from './catalog/topic-catalog';
