export * from './errors';
export * from './roles';
export * from './permissions';
export * from './locations';
export * from './limits';
export * from './ticket-workflow';
export * from './settings';
export * from './notifications';
