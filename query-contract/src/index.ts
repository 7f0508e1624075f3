export * from './vocabulary';
export * from './queries';
export * from './analytics';
