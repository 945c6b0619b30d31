import { describe, expect, it } from 'vitest';
import { brokerUrlProblem } from '../broker-url';

describe('brokerUrlProblem', () => {
  it('accepts https anywhere', () => {
    expect(brokerUrlProblem('https://broker.example.workers.dev', { allowLoopback: false })).toBeUndefined();
  });

  it('refuses plain http outside loopback builds, even on loopback', () => {
    expect(brokerUrlProblem('http://broker.example.com', { allowLoopback: false })).toMatch(/plain http/);
    expect(brokerUrlProblem('http://127.0.0.1:8787', { allowLoopback: false })).toMatch(/plain http/);
    expect(brokerUrlProblem('http://broker.example.com', { allowLoopback: true })).toMatch(/plain http/);
  });

  it('accepts http on loopback in loopback builds (the local broker)', () => {
    expect(brokerUrlProblem('http://127.0.0.1:8787', { allowLoopback: true })).toBeUndefined();
    expect(brokerUrlProblem('http://localhost:8787/', { allowLoopback: true })).toBeUndefined();
  });

  it('refuses what is not an http(s) address', () => {
    expect(brokerUrlProblem('ftp://x', { allowLoopback: true })).toMatch(/not a valid/);
    expect(brokerUrlProblem('nonsense', { allowLoopback: true })).toMatch(/not a valid/);
  });
});
