import { describe, expect, it } from '@jest/globals';
describe('toolchain', () => { it('runs typescript tests as ESM', () => { expect(typeof import.meta.url).toBe('string'); }); });
