import { backendContract } from '../../sdk/test/contract/backend-contract.js';
import { contractServerWorld } from './support/contract-world.js';

backendContract('http + reference server', () => contractServerWorld());
