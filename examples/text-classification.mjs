// Text classification on real data (issue #3): SpamAssassin e-mails (spam/ham) and the sentiment sentences of the
// npm package `sentiment` (IMDB, Amazon and Yelp reviews, 1000 each), with a bag of embeddings (default), an LSTM,
// or the IMDB model of the articles (scenario 4), which is then reused as the starting point of another text task.
//
// Pipeline: load texts and labels → stratified 80/20 split of the indices (trainTestSplit, seed 0) → wordTokenize →
// Vocabulary built on the training split only → padSequences (maxLen: 95th percentile of the training lengths,
// capped at 400 tokens) → fit with a DataLoader → test accuracy and F1 on the held-out 20%.
// The split (token lists and labels) is written to runs/text-split-<dataset>.json; tools/reference/sklearn_text.py
// fits scikit-learn's bag-of-words LogisticRegression on exactly those tokens for comparison.
//
//   node examples/text-classification.mjs --dataset spam --model bag [--epochs 10] [--seed 0] [--limit 0]
//   node examples/text-classification.mjs --dataset sentiment --model lstm
//   node examples/text-classification.mjs --model imdb-article [--dir path/to/aclImdb] --transfer yelp
//
// The IMDB model of the articles (SCENARIOS.md, scenario 4): Embedding(10000, 300) → Linear(300, 100) → ReLU →
// Linear(100, 1), BCE with logits, SGD lr 0.01 momentum 0.9, 10 epochs, batch 32, vocabulary min frequency 5.
// Corrected here:
//  - As written, nothing sits between Embedding and Linear: the Linear layers then map each token [B, L, 300] to a
//    logit per token [B, L, 1], which cannot be compared with one label per review. What was meant is one vector
//    per review: the embeddings are averaged over the real tokens (padding excluded), an EmbeddingBag in mean mode,
//    i.e. `BagOfEmbeddings` with embeddingDim 300, hiddenDim 100 and one output.
//  - Embedding(10000, ...) is fixed while the vocabulary comes from a minimum frequency: a larger vocabulary indexes
//    past the table, a smaller one leaves rows unused. Here the vocabulary keeps at most 10000 tokens (min frequency
//    5) and the table has exactly its size.
//  - BCE with logits takes float targets of the output's shape: the int32 labels are cast and the [B, 1] output
//    flattened to [B].
//  - Reusing the model for another task needs the same vocabulary (embedding rows are indexed by it): the target
//    texts are encoded with the source vocabulary, and the from-scratch baseline uses that vocabulary too, so the
//    only difference between the two is the starting weights.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';

// ---------------------------------------------------------------------------------------------------------------
// E-mails: the SpamAssassin messages are raw RFC 822 files (headers, then a body that may be MIME multipart,
// base64 or quoted-printable, HTML or plain text). The routing headers give the answer away (every ham message
// passed through the same list servers), so the text we classify is what a reader sees: subject + body text.

/** Headers of an entity (unfolded, names lower-cased, first occurrence kept) and its body. */
function splitEntity(raw) {
  const text = raw.replace(/\r\n/g, '\n');
  const cut = text.search(/\n\n/);
  const head = cut < 0 ? text : text.slice(0, cut);
  const body = cut < 0 ? '' : text.slice(cut + 2);
  const headers = new Map();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBytes(bytes, charset) {
  try {
    return new TextDecoder(charset || 'latin1').decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

function quotedPrintable(text) {
  const soft = text.replace(/=\n/g, '');
  const bytes = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft.charCodeAt(i);
    if (c === 61 && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(c & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}

/** RFC 2047 encoded words in headers: `=?utf-8?B?...?=`, `=?iso-8859-1?Q?...?=`. */
function decodeHeader(value) {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, enc, data) => decodeBytes(
    enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : quotedPrintable(data.replace(/_/g, ' ')), charset));
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function htmlToText(html) {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e) => {
      if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? ' ';
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    });
}

function param(value, name) {
  const m = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value ?? '');
  return m === null ? undefined : m[1] ?? m[2];
}

/** The readable text of a MIME entity: text parts decoded, HTML stripped, attachments skipped. */
function entityText(headers, body, depth = 0) {
  const type = (headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/') && depth < 8) {
    const boundary = param(headers.get('content-type'), 'boundary');
    if (boundary === undefined) return body;
    const parts = body.split(`--${boundary}`).slice(1);
    return parts
      .filter((p) => !p.startsWith('--'))
      .map((p) => {
        const part = splitEntity(p.replace(/^[ \t]*\n/, ''));
        return entityText(part.headers, part.body, depth + 1);
      })
      .join('\n');
  }
  if (type.startsWith('message/rfc822') && depth < 8) {
    const inner = splitEntity(body);
    return `${decodeHeader(inner.headers.get('subject') ?? '')}\n${entityText(inner.headers, inner.body, depth + 1)}`;
  }
  if (!type.startsWith('text/')) return '';
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const charset = param(type, 'charset');
  let text = body;
  if (encoding.includes('base64')) text = decodeBytes(Buffer.from(body, 'base64'), charset);
  else if (encoding.includes('quoted-printable')) text = decodeBytes(quotedPrintable(body), charset);
  return type.startsWith('text/html') ? htmlToText(text) : text;
}

/**
 * The subject and body text of a raw e-mail (headers other than the subject dropped, MIME decoded, HTML stripped).
 * @param {string} raw - the message with its headers
 * @returns {string}
 */
export function emailText(raw) {
  const { headers, body } = splitEntity(raw);
  return `${decodeHeader(headers.get('subject') ?? '')}\n${entityText(headers, body)}`;
}
