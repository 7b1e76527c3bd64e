// The subjects and mixes of the HPACK benchmark (bench/hpack.mjs), shared with its worker
// (bench/hpack-worker.mjs): windhover/hpack and hpack.js under one contract (decoding yields
// every name and value as a JavaScript string; encoding takes strings and yields one block
// per list), one context per story, created inside the timed step for both. Each step is
// checked against the corpus before it is timed.
import { createRequire } from 'node:module';
import { HpackDecoder, HpackEncoder } from '../dist/bindings/hpack/index.js';
import { corpus, fromHex } from '../test/hpack/helpers.mjs';

const hpackjs = createRequire(import.meta.url)('hpack.js');
export const ANCHOR = 'hpack.js 2.1.6';
export const DECODE_DIRS = ['nghttp2', 'go-hpack', 'haskell-http2-linear'];

/** Decoding subjects: each `story(blocks)` decodes one story with a fresh context, returns [fields, octets]. */
export const decoders = [
  {
    name: 'windhover',
    story(blocks) {
      const decoder = new HpackDecoder();
      let fields = 0;
      let octets = 0;
      for (const block of blocks) {
        const list = decoder.decode(block);
        fields += list.length;
        for (const [name, value] of list) octets += name.length + value.length;
      }
      decoder.dispose();
      return [fields, octets];
    },
  },
  {
    name: ANCHOR,
    story(blocks) {
      const decompressor = hpackjs.decompressor.create({ table: { maxSize: 4096 } });
      let fields = 0;
      let octets = 0;
      for (const block of blocks) {
        decompressor.write(block);
        decompressor.execute();
        for (let h = decompressor.read(); h !== null; h = decompressor.read()) {
          fields++;
          octets += h.name.length + h.value.length;
        }
      }
      return [fields, octets];
    },
  },
  {
    name: 'windhover (lazy view, no strings)',
    lazy: true,
    story(blocks) {
      const decoder = new HpackDecoder();
      let fields = 0;
      let octets = 0;
      for (const block of blocks) {
        const view = decoder.decodeView(block);
        fields += view.count;
        for (let i = 0; i < view.count; i++) octets += view.nameId(i);
      }
      decoder.dispose();
      return [fields, octets];
    },
  },
];

/** Encoding subjects: `story(lists)` encodes one story with a fresh context, returns [fields, block octets]. */
export const encoders = [
  {
    name: 'windhover',
    input: (list) => list,
    story(lists) {
      const encoder = new HpackEncoder();
      let fields = 0;
      let octets = 0;
      for (const list of lists) {
        octets += encoder.encode(list).length;
        fields += list.length;
      }
      encoder.dispose();
      return [fields, octets];
    },
  },
  {
    name: ANCHOR,
    input: (list) => list.map(([name, value]) => ({ name, value })),
    story(lists) {
      const compressor = hpackjs.compressor.create({ table: { maxSize: 4096 } });
      let fields = 0;
      let octets = 0;
      for (const list of lists) {
        compressor.write(list);
        octets += compressor.read().length;
        fields += list.length;
      }
      return [fields, octets];
    },
  },
];

/** Expected decode result of every story of `dir`, and the subjects' correctness check. */
export function decodeMix(dir) {
  const { raw, encoded } = corpus();
  const stories = encoded.filter((s) => s.dir === dir && (s.cases[0].size ?? 4096) === 4096)
    .map((s) => ({ blocks: s.cases.map((c) => Buffer.from(fromHex(c.wire))), lists: raw[s.story].cases }));
  const fields = stories.reduce((n, s) => n + s.lists.reduce((m, l) => m + l.length, 0), 0);
  const octets = stories.reduce((n, s) => n + s.lists.reduce((m, l) => m + l.reduce((k, [a, b]) => k + a.length + b.length, 0), 0), 0);
  return { id: `decode ${dir}`, stories, fields, octets, wire: stories.reduce((n, s) => n + s.blocks.reduce((m, b) => m + b.length, 0), 0) };
}

export function encodeMix() {
  const stories = Object.values(corpus().raw).map((s) => ({ lists: s.cases }));
  const fields = stories.reduce((n, s) => n + s.lists.reduce((m, l) => m + l.length, 0), 0);
  const octets = stories.reduce((n, s) => n + s.lists.reduce((m, l) => m + l.reduce((k, [a, b]) => k + a.length + b.length, 0), 0), 0);
  return { id: 'encode raw-data', stories, fields, octets };
}

/** A step cycling through the stories; returns fields handled. Checks a full pass first. */
export function makeStep(subject, mix, encode) {
  const inputs = mix.stories.map((s) => (encode ? s.lists.map(subject.input) : s.blocks));
  let fields = 0;
  let octets = 0;
  for (const input of inputs) {
    const [f, o] = subject.story(input);
    fields += f;
    octets += o;
  }
  if (fields !== mix.fields) throw new Error(`${subject.name} on ${mix.id}: ${fields} fields, expected ${mix.fields}`);
  if (!encode && !subject.lazy && octets !== mix.octets) throw new Error(`${subject.name} on ${mix.id}: ${octets} octets, expected ${mix.octets}`);
  let next = 0;
  return () => {
    const input = inputs[next];
    next = next + 1 === inputs.length ? 0 : next + 1;
    return subject.story(input)[0];
  };
}

/** Checks outputs value by value (not only counts) once, outside the timing. */
export function verifyDecoders(mix) {
  for (const story of mix.stories.slice(0, 4)) {
    const ours = new HpackDecoder();
    const theirs = hpackjs.decompressor.create({ table: { maxSize: 4096 } });
    story.blocks.forEach((block, i) => {
      const want = JSON.stringify(story.lists[i]);
      if (JSON.stringify(ours.decode(block)) !== want) throw new Error(`windhover differs on ${mix.id}`);
      theirs.write(block);
      theirs.execute();
      const got = [];
      for (let h = theirs.read(); h !== null; h = theirs.read()) got.push([h.name, h.value]);
      if (JSON.stringify(got) !== want) throw new Error(`hpack.js differs on ${mix.id}`);
    });
  }
}

/** Every mix with its subjects, in report order. */
export function mixes() {
  return [...DECODE_DIRS.map((dir) => ({ ...decodeMix(dir), subjects: decoders, encode: false })),
    { ...encodeMix(), subjects: encoders, encode: true }];
}
