import { UPLOAD_LIMITS } from '@smart-repair/shared';
import { displayFileName, inlineContentDisposition } from './file-names';

describe('displayFileName', () => {
  const id = '0193f1d2-3333-7b4e-9a55-3c2d1e0f9a8b';

  it('keeps an ordinary name and puts the sniffed extension on it', () => {
    expect(displayFileName('漏水照片.jpg', 'jpg', id)).toBe('漏水照片.jpg');
    expect(displayFileName('IMG_0001.JPEG', 'jpg', id)).toBe('IMG_0001.jpg');
    expect(displayFileName('x.exe', 'png', id)).toBe('x.png');
    expect(displayFileName('voice', 'amr', id)).toBe('voice.amr');
    expect(displayFileName('report.v2.final.png', 'png', id)).toBe('report.v2.final.png');
  });

  it('drops every path segment', () => {
    expect(displayFileName('../../etc/passwd', 'png', id)).toBe('passwd.png');
    expect(displayFileName('..\\..\\windows\\system32\\cmd.exe', 'png', id)).toBe('cmd.png');
    expect(displayFileName('/var/www/', 'png', id)).toBe(`${id}.png`);
  });

  it('removes control, zero-width and direction-changing characters', () => {
    expect(displayFileName('photo\u202Egpj.exe', 'jpg', id)).toBe('photogpj.jpg');
    expect(displayFileName('a\u0000b\r\nc\u200bd.png', 'png', id)).toBe('abcd.png');
    expect(displayFileName('  spaced \t  out  .png', 'png', id)).toBe('spaced out.png');
  });

  it('replaces characters a saved file may not have, and leading dots', () => {
    expect(displayFileName('a<b>c:d"e|f?g*.png', 'png', id)).toBe('a_b_c_d_e_f_g_.png');
    expect(displayFileName('.htaccess', 'png', id)).toBe('htaccess.png');
    expect(displayFileName('...', 'png', id)).toBe(`${id}.png`);
  });

  it('falls back to the id when nothing is left', () => {
    expect(displayFileName(undefined, 'mp4', id)).toBe(`${id}.mp4`);
    expect(displayFileName('', 'mp4', id)).toBe(`${id}.mp4`);
    expect(displayFileName('\u202E\u0007', 'mp4', id)).toBe(`${id}.mp4`);
  });

  it('cuts long names by whole characters', () => {
    const name = displayFileName(`${'😀'.repeat(300)}.jpg`, 'jpg', id);
    expect(Array.from(name)).toHaveLength(UPLOAD_LIMITS.fileNameMaxLength);
    expect(name.endsWith('😀.jpg')).toBe(true);
    // A lone surrogate would not survive a UTF-8 round trip.
    expect(Buffer.from(name, 'utf8').toString('utf8')).toBe(name);
  });
});

describe('inlineContentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(inlineContentDisposition('漏水 照片.jpg')).toBe(
      `inline; filename="__ __.jpg"; filename*=UTF-8''%E6%BC%8F%E6%B0%B4%20%E7%85%A7%E7%89%87.jpg`,
    );
    expect(inlineContentDisposition('plain.png')).toBe(
      `inline; filename="plain.png"; filename*=UTF-8''plain.png`,
    );
  });

  it('never lets a quote, backslash or percent escape the fallback', () => {
    expect(inlineContentDisposition(`it's (50%) \\ "x".png`)).toBe(
      `inline; filename="it's (50_) _ _x_.png"; filename*=UTF-8''it%27s%20%2850%25%29%20%5C%20%22x%22.png`,
    );
  });
});
