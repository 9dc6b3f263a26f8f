import { withLazyKb, type ExchangeApi } from '../contract.js';
import { advice } from './advice.js';
import { browserToken } from './browser-token.js';
import { emulator } from './emulator.js';
import { facts } from './facts.js';
import { forensics } from './forensics.js';
import { buildKb, http } from './kb.js';
import { probes } from './probes.js';
import { signer } from './signer.js';
import { vectors } from './vectors.js';

// The knowledge base is built on first read (withLazyKb): sign, check-ip and most runs never need it.
export const api: ExchangeApi = withLazyKb({ facts, signer, vectors, probes, http, advice, emulator, forensics, browserToken }, buildKb);
