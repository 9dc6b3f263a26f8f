import { MEXC_ADVICE } from '../mexc-spot/advice.js';

export const advice = MEXC_ADVICE;
