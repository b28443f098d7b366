import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('a-key-of-at-least-thirty-two-characters!');

  it('gives back what it sealed, with a fresh cipher text each time', () => {
    const first = box.seal('wx-secret-1234');
    const second = box.seal('wx-secret-1234');
    expect(first).not.toBe(second);
    expect(first).not.toContain('wx-secret');
    expect(box.open(first)).toBe('wx-secret-1234');
    expect(box.open(second)).toBe('wx-secret-1234');
  });

  it('refuses a cipher text sealed under another key', () => {
    const other = new SecretBox('another-key-of-at-least-thirty-two-chars');
    expect(() => box.open(other.seal('x'))).toThrow();
  });

  it('refuses an altered cipher text', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
    expect(() => box.open('garbage')).toThrow('not a sealed secret');
  });
});
