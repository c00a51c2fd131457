/** API keys: token generation, hashing, role order and issuing. */
export * from './tokens.js';
export * from './issue-key.js';
