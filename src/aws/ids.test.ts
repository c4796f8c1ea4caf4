import { describe, expect, it } from 'vitest';
import {
  ACCESS_KEY_ID,
  accessKeyId,
  accountOfAccessKeyId,
  SECRET_ACCESS_KEY,
  secretAccessKey,
  uniqueId,
} from './ids.js';

describe('ids', () => {
  it('makes access key ids in AWS format that carry their account', () => {
    for (const account of ['123456789012', '000000000001', '999999999999', '111122223333']) {
      const id = accessKeyId('AKIA', account);
      expect(id).toMatch(ACCESS_KEY_ID);
      expect(id).toHaveLength(20);
      expect(accountOfAccessKeyId(id)).toBe(account);
    }
  });

  it('decodes AWS documentation key ids the way AWS does', () => {
    // Publicly documented decoding example (awsteele, 2020): ASIAY34FZKBOKMUTVV7A belongs to 609629065308.
    expect(accountOfAccessKeyId('ASIAY34FZKBOKMUTVV7A')).toBe('609629065308');
  });

  it('makes 40-character secrets and 21-character unique ids', () => {
    expect(secretAccessKey()).toMatch(SECRET_ACCESS_KEY);
    expect(uniqueId('AROA')).toMatch(/^AROA[A-Z2-7]{17}$/);
  });
});
