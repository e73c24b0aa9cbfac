export { HELIUM_REWARD_PROGRAMS, type HeliumOptions, heliumSource } from './source.js';
