import { describe, expect, it } from '@jest/globals';
import { csvLine, csvStream } from './csv.js';

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+7 912 345', `'+7 912 345`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tTAB', `'\tTAB`],
    ['\rCR', `"'\rCR"`],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['Акция-осень', 'Акция-осень'],
    ['＝1+2', `'＝1+2`],
    ['', ''],
  ])('%j -> %j', (value, expected) => {
    expect(csvLine([value])).toBe(`${expected}\r\n`);
  });

  it('writes numbers (negative ones too), booleans, nulls and dates as they are', () => {
    expect(csvLine([-0.5, 1200.5, -3n, true, false, null, undefined, new Date('2025-01-02T03:04:05.000Z')])).toBe(
      '-0.5,1200.5,-3,true,false,,,2025-01-02T03:04:05.000Z\r\n',
    );
  });

  it('ends each record with CRLF', () => {
    expect(csvLine(['a', 1, null, '=1'])).toBe(`a,1,,'=1\r\n`);
  });

  it('streams a header and every row, including rows that arrive asynchronously', async () => {
    async function* rows() {
      for (let i = 0; i < 3000; i++) yield [i, `row ${i}`];
    }
    let text = '';
    for await (const chunk of csvStream(['n', 'name'], rows())) text += chunk;
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('n,name');
    expect(lines[3000]).toBe('2999,row 2999');
    expect(lines).toHaveLength(3002); // header, 3000 rows, and the empty string after the last CRLF
  });

  it('ends the stream with an error when the rows fail midway', async () => {
    async function* rows() {
      yield [1, 'first'];
      throw new Error('connection lost');
    }
    await expect(
      (async () => {
        for await (const chunk of csvStream(['n', 'name'], rows())) void chunk;
      })(),
    ).rejects.toThrow('connection lost');
  });
});
