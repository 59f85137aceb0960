import { describe, expect, it } from 'vitest';
import { imageFileIds } from '@vavilon/contracts';
import { mentionsIn, plainText, sanitizeRichText } from './rich-text.js';

describe('rich text sanitiser', () => {
  it('keeps what the editor produces', () => {
    const html =
      '<h2>План</h2><p><strong>Ж</strong> <em>К</em> <u>П</u> <s>З</s> <code>x</code></p><ul><li><p>раз</p></li></ul><ol><li>два</li></ol>' +
      '<blockquote><p>цитата</p></blockquote><pre><code>let a = 1;</code></pre><hr>' +
      '<table><tbody><tr><th colspan="2">Итог</th></tr><tr><td>1</td><td rowspan="2">2</td></tr></tbody></table>' +
      '<p><img src="/api/files/12" alt="схема"><img src="/api/files/13?portal=acme-2"></p>' +
      '<p><a href="https://example.com/a?b=1">ссылка</a> <a href="mailto:a@b.ru">почта</a> <a href="/crm/deal/details/5">сделка</a> <span data-mention="7">@Иван Петров</span></p>';
    expect(sanitizeRichText(html)).toBe(
      '<h2>План</h2><p><strong>Ж</strong> <em>К</em> <u>П</u> <s>З</s> <code>x</code></p><ul><li><p>раз</p></li></ul><ol><li>два</li></ol>' +
        '<blockquote><p>цитата</p></blockquote><pre><code>let a = 1;</code></pre><hr />' +
        '<table><tbody><tr><th colspan="2">Итог</th></tr><tr><td>1</td><td rowspan="2">2</td></tr></tbody></table>' +
        '<p><img src="/api/files/12" alt="схема" /><img src="/api/files/13?portal=acme-2" /></p>' +
        '<p><a href="https://example.com/a?b=1" target="_blank" rel="noopener noreferrer nofollow">ссылка</a> <a href="mailto:a@b.ru" target="_blank" rel="noopener noreferrer nofollow">почта</a> <a href="/crm/deal/details/5">сделка</a> <span data-mention="7">@Иван Петров</span></p>',
    );
  });

  it('drops scripts, event handlers and whatever they hide in', () => {
    const out = sanitizeRichText(
      '<p onclick="steal()">a</p><script>alert(1)</script><style>body{display:none}</style><iframe src="https://x"></iframe><svg onload="alert(1)"><script>1</script></svg><object data="x"></object><img src="/api/files/1" onerror="alert(1)"><details open ontoggle="alert(1)">b</details>',
    );
    expect(out).toBe('<p>a</p><img src="/api/files/1" />b');
    expect(out).not.toMatch(/alert|steal|display/);
  });

  it('drops javascript:, data: and protocol-relative links, keeping their words', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:x',
      '//evil.example/x',
      'tel:+79000000001',
      '\\\\evil',
    ]) {
      expect(sanitizeRichText(`<a href="${href}">жми</a>`), href).toBe('<a>жми</a>');
    }
  });

  it('keeps no style or class (nothing can cover the page) and no other attributes', () => {
    expect(sanitizeRichText('<p style="position:fixed;inset:0;z-index:9999" class="overlay" id="x" title="t">a</p>')).toBe('<p>a</p>');
    expect(
      sanitizeRichText('<table style="width:100%"><colgroup><col style="min-width:25px"></colgroup><tbody><tr><td style="x" colspan="1" rowspan="1" colwidth="300">a</td></tr></tbody></table>'),
    ).toBe('<table><tbody><tr><td>a</td></tr></tbody></table>');
    expect(sanitizeRichText('<td colspan="999" rowspan="x">a</td>')).toBe('<td>a</td>');
    expect(sanitizeRichText('<pre><code class="language-js">x</code></pre>')).toBe('<pre><code>x</code></pre>');
    expect(sanitizeRichText('<span data-mention="7 onmouseover=x" data-x="1">@a</span>')).toBe('<span>@a</span>');
  });

  it('keeps images of the portal own files only', () => {
    for (const src of [
      'https://evil.example/pixel.gif',
      '//evil.example/p.gif',
      'data:image/png;base64,iVBORw0KGgo=',
      'javascript:alert(1)',
      '/api/files/1/../../api/users',
      '/api/files/1?portal=acme&x=1',
      '/api/files/abc',
      '/api/files/1.png',
      'http://localhost/api/files/1',
    ]) {
      expect(sanitizeRichText(`<p>a<img src="${src}" alt="b"></p>`), src).toBe('<p>a</p>');
    }
    expect(sanitizeRichText('<img srcset="https://evil.example/x 1x" src="/api/files/3">')).toBe('<img src="/api/files/3" />');
  });

  it('drops tags the editor does not make, keeping their words', () => {
    expect(sanitizeRichText('<h1>a</h1><h4>b</h4><div>c</div><form><input value="d"><button>e</button></form><font color="red">f</font>')).toBe('abcef');
  });

  it('finds the mentions and the images of a text', () => {
    const html = sanitizeRichText('<p><span data-mention="7">@A</span> <span data-mention="9">@B</span><img src="/api/files/4"><img src="/api/files/5?portal=acme"><img src="/api/files/4"></p>');
    expect(mentionsIn(html)).toEqual([7, 9]);
    expect(imageFileIds(html)).toEqual([4, 5]);
    expect(plainText('<p>a&nbsp;<b>b</b></p><table><tbody><tr><td>c</td></tr></tbody></table>')).toBe('a b c');
  });
});
