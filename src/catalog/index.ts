export * from './entity';
export * from './catalog';
