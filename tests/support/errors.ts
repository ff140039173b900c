import { expect } from 'vitest';
import { CryptoError, VaultError, type CryptoErrorCode, type VaultErrorCode } from '../../shared/index.js';

type Action = Promise<unknown> | (() => unknown);

async function caught(action: Action): Promise<unknown> {
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (error) {
    return error;
  }
  return null;
}

export async function expectCryptoError(action: Action, code: CryptoErrorCode): Promise<CryptoError> {
  const error = await caught(action);
  expect(error, `expected CryptoError(${code})`).toBeInstanceOf(CryptoError);
  expect((error as CryptoError).code).toBe(code);
  return error as CryptoError;
}

export async function expectVaultError(action: Action, code: VaultErrorCode): Promise<VaultError> {
  const error = await caught(action);
  expect(error, `expected VaultError(${code})`).toBeInstanceOf(VaultError);
  expect((error as VaultError).code).toBe(code);
  return error as VaultError;
}
