import { shortSeal } from './ShortSeal';

describe('shortSeal', () => {
  it('keeps the first 12 hexadecimal digits of the digest', () => {
    expect(
      shortSeal(
        'sha256:3f9a1c0be2d4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233',
      ),
    ).toBe('3f9a1c0be2d4');
  });
});
