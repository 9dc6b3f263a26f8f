import type { ExchangeApi } from '../contract.js';
import { advice } from './advice.js';
import { emulator } from './emulator.js';
import { facts } from './facts.js';
import { forensics } from './forensics.js';
import { http, kb } from './kb.js';
import { probes } from './probes.js';
import { signer } from './signer.js';
import { vectors } from './vectors.js';

export const api: ExchangeApi = { facts, signer, vectors, probes, kb, http, advice, emulator, forensics };
