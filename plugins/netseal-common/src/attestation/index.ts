export * from './dsse';
export * from './statement';
export * from './signStatement';
export * from './verifyAttestation';
