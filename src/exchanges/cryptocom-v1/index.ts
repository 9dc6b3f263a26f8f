import type { ExchangeApi } from '../contract.js';
import type { KbEntry } from '../../core/kb/schema.js';
import { advice } from './advice.js';
import { emulator } from './emulator.js';
import { facts } from './facts.js';
import { forensics } from './forensics.js';
import { buildKb, http } from './kb.js';
import { probes } from './probes.js';
import { signer } from './signer.js';
import { vectors } from './vectors.js';

// The knowledge base is built on first read: sign, check-ip and most runs never need it.
let kb: readonly KbEntry[] | undefined;

export const api: ExchangeApi = {
  facts,
  signer,
  vectors,
  probes,
  get kb() {
    return (kb ??= buildKb());
  },
  http,
  advice,
  emulator,
  forensics,
};
