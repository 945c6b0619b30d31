import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPkce, randomState } from '../pkce';

describe('createPkce', () => {
  it('makes a 64-char unreserved verifier and its lowercase hex SHA-256 challenge', async () => {
    for (let i = 0; i < 20; i++) {
      const { verifier, challenge } = await createPkce();
      expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{64}$/);
      expect(challenge).toBe(createHash('sha256').update(verifier).digest('hex'));
      expect(challenge).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('never repeats a verifier and uses the whole alphabet', async () => {
    const verifiers = await Promise.all(
      Array.from({ length: 50 }, () => createPkce().then((p) => p.verifier)),
    );
    expect(new Set(verifiers).size).toBe(50);
    const chars = new Set(verifiers.join(''));
    expect(chars.size).toBeGreaterThan(60);
  });
});

describe('randomState', () => {
  it('is 128 random bits in hex, different each time', () => {
    const states = Array.from({ length: 100 }, randomState);
    for (const s of states) expect(s).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(states).size).toBe(100);
  });
});
