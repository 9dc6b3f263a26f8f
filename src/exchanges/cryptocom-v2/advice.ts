export { advice } from '../cryptocom-v1/advice.js';
