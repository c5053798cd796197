// The text of each page of a PDF that Chromium printed, with nothing but node's zlib:
// enough of PDF to read Skia's output (plain objects, Flate streams, fonts with a
// ToUnicode map), so that a test can ask what a printed page says. Not a general PDF
// reader: an object stream or an encrypted file fails loudly rather than reading wrong.

import { inflateSync } from 'node:zlib';

/** Every `N 0 obj ... endobj` of the file: number -> { dict, stream (Buffer or null) }. */
function objects(pdf) {
  const text = pdf.toString('latin1');
  if (/\/Type\s*\/ObjStm\b/.test(text)) throw new Error('PDF uses object streams: not supported');
  if (/\/Encrypt\b/.test(text)) throw new Error('PDF is encrypted: not supported');
  const out = new Map();
  const re = /(\d+)\s+0\s+obj\b/g;
  let m;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const s = body.search(/\bstream\r?\n/);
    let dict = body;
    let stream = null;
    if (s >= 0) {
      dict = body.slice(0, s);
      const from = start + s + body.slice(s).match(/^stream\r?\n/)[0].length;
      const len = dict.match(/\/Length\s+(\d+)(?!\s+\d+\s+R)/);
      const to = len ? from + Number(len[1]) : start + body.lastIndexOf('endstream');
      stream = pdf.subarray(from, to);
      if (/\/FlateDecode/.test(dict)) stream = inflateSync(stream);
    }
    out.set(Number(m[1]), { dict, stream });
    re.lastIndex = end;
  }
  return out;
}

/** The object numbers `key` refers to in `dict`: `/Key 5 0 R` or `/Key [5 0 R 6 0 R]`. */
function refs(dict, key) {
  const m = dict.match(new RegExp(`/${key}\\s*(\\[[^\\]]*\\]|\\d+\\s+0\\s+R)`));
  if (!m) return [];
  return [...m[1].matchAll(/(\d+)\s+0\s+R/g)].map((r) => Number(r[1]));
}

/** A ToUnicode CMap: code (hex string) -> text, and the code length in hex digits. */
function cmap(text) {
  const map = new Map();
  let digits = 4;
  const space = text.match(/begincodespacerange\s*<([0-9a-fA-F]+)>/);
  if (space) digits = space[1].length;
  const hex = (h) => String.fromCodePoint(...(h.match(/.{4}/g) || []).map((x) => parseInt(x, 16)));
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, src, dst] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      map.set(src.toLowerCase(), hex(dst));
    }
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, dst] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      const base = parseInt(dst, 16);
      for (let c = parseInt(lo, 16), k = 0; c <= parseInt(hi, 16); c++, k++) {
        map.set(c.toString(16).padStart(lo.length, '0'), String.fromCodePoint(base + k));
      }
    }
  }
  return { map, digits };
}

/** The page objects in reading order, from the page tree under the catalogue. */
function pageOrder(objs) {
  const root = [...objs.values()].find((o) => /\/Type\s*\/Catalog\b/.test(o.dict));
  if (!root) throw new Error('PDF has no catalogue');
  const out = [];
  const walk = (n) => {
    const o = objs.get(n);
    if (!o) return;
    if (/\/Type\s*\/Pages\b/.test(o.dict)) refs(o.dict, 'Kids').forEach(walk);
    else out.push(o);
  };
  refs(root.dict, 'Pages').forEach(walk);
  return out;
}

/** The fonts of a page: resource name -> its ToUnicode map. */
function fonts(objs, page) {
  let res = page.dict;
  const r = refs(page.dict, 'Resources');
  if (r.length) res = objs.get(r[0]).dict;
  const out = new Map();
  const fontDict = res.match(/\/Font\s*<<([\s\S]*?)>>/);
  let entries = fontDict ? fontDict[1] : '';
  const fr = refs(res, 'Font');
  if (!fontDict && fr.length) entries = objs.get(fr[0]).dict;
  for (const [, name, num] of entries.matchAll(/\/([\w.+-]+)\s+(\d+)\s+0\s+R/g)) {
    const font = objs.get(Number(num));
    const tu = font && refs(font.dict, 'ToUnicode')[0];
    if (tu !== undefined) out.set(name, cmap(objs.get(tu).stream.toString('latin1')));
  }
  return out;
}

/** The text of each page, in page order, as it is drawn (one string per page). */
export function pdfPageTexts(pdf) {
  const objs = objects(pdf);
  return pageOrder(objs).map((page) => {
    const fontMap = fonts(objs, page);
    const content = refs(page.dict, 'Contents')
      .map((n) => objs.get(n).stream.toString('latin1'))
      .join('\n');
    let font = null;
    let text = '';
    const decode = (h) => {
      if (!font) return '';
      let s = '';
      for (let i = 0; i + font.digits <= h.length; i += font.digits) {
        s += font.map.get(h.slice(i, i + font.digits).toLowerCase()) ?? '';
      }
      return s;
    };
    // Fonts, hex strings, and the operators that start a new line of text.
    const tokens = /\/([\w.+-]+)\s+[\d.]+\s+Tf|<([0-9a-fA-F\s]*)>|\b(T\*|Td|TD|Tm|ET)\b/g;
    for (const m of content.matchAll(tokens)) {
      if (m[1] !== undefined) font = fontMap.get(m[1]) ?? null;
      else if (m[2] !== undefined) text += decode(m[2].replace(/\s+/g, ''));
      else text += m[3] === 'ET' ? '\n' : ' ';
    }
    return text.replace(/[ \t]+/g, ' ');
  });
}
