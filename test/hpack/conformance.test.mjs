// Decoder conformance: every case of every hpack-test-case story (one decoder per story,
// header_table_size honoured) and RFC 7541 Appendix C.2-C.6 with the dynamic table after
// each case, on every build.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HpackDecoder } from '../../dist/bindings/hpack/index.js';
import { BUILDS, corpus, expectedHeaders, appendixC, fromHex } from './helpers.mjs';

const CORPUS_CASES = 47142;

function sameList(got, want) {
  if (got.length !== want.length) return false;
  for (let i = 0; i < got.length; i++) {
    if (got[i][0] !== want[i][0] || got[i][1] !== want[i][1]) return false;
  }
  return true;
}

for (const build of BUILDS) {
  const test = suite(`hpack conformance (${build.name})`);

  test(`hpack-test-case: all ${CORPUS_CASES} cases of the 446 stories decode to their header lists`, () => {
    let cases = 0;
    const failures = [];
    for (const story of corpus().encoded) {
      let size = story.cases[0].size ?? 4096;
      const decoder = new HpackDecoder({ maxTableSize: size, wasm: build.wasm });
      story.cases.forEach((c, i) => {
        if (c.size !== undefined && c.size !== size) decoder.setMaxTableSize(size = c.size);
        cases++;
        const want = expectedHeaders(story, i);
        try {
          const got = decoder.decode(fromHex(c.wire));
          if (!sameList(got, want)) failures.push(`${story.dir}/${story.story} #${i}: got ${JSON.stringify(got).slice(0, 200)}`);
        } catch (error) {
          failures.push(`${story.dir}/${story.story} #${i}: ${error.message}`);
        }
      });
      decoder.dispose();
    }
    assert.is(cases, CORPUS_CASES);
    assert.equal(failures.slice(0, 5), []);
  });

  for (const story of appendixC().stories) {
    test(`RFC 7541 ${story.id} (${story.title}): header lists and dynamic table after each case`, () => {
      const decoder = new HpackDecoder({ maxTableSize: story.cases[0].header_table_size, wasm: build.wasm });
      for (const c of story.cases) {
        const want = c.headers.map((h) => Object.entries(h)[0]);
        assert.equal(decoder.decode(fromHex(c.wire)), want, `${c.rfc_section} headers`);
        assert.equal(decoder.dynamicTable(), c.dynamic_table.map(({ name, value, size }) => ({ name, value, size })),
          `${c.rfc_section} dynamic table`);
        assert.is(decoder.tableSize, c.dynamic_table_size, `${c.rfc_section} table size`);
      }
      decoder.dispose();
    });
  }

  test.run();
}
