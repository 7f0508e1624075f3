export * from './vocabulary';
export * from './queries';
