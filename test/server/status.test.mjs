// Pre-rendered rejection responses (Kestrel's model: empty body, Connection: close).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rejectionResponse, REJECTION_STATUSES, CONTINUE_RESPONSE, reasonPhrase } from '../../dist/src/http/status.js';

test('every rejection is a complete response with Date, Content-Length: 0 and Connection: close', () => {
  for (const status of REJECTION_STATUSES) {
    const text = rejectionResponse(status).toString('latin1');
    assert.match(text, new RegExp(`^HTTP/1\\.1 ${status} ${reasonPhrase(status)}\\r\\n`));
    assert.match(text, /\r\nDate: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\r\n/);
    assert.ok(text.endsWith('Content-Length: 0\r\nConnection: close\r\n\r\n'), text);
    assert.not.ok(reasonPhrase(status) === '', `reason for ${status}`);
  }
});

test('the rendered Buffer is reused within one second', () => {
  assert.is(rejectionResponse(400), rejectionResponse(400));
});

test('RFC 9110 §10.1.1: 100 Continue interim response', () => {
  assert.is(CONTINUE_RESPONSE.toString('latin1'), 'HTTP/1.1 100 Continue\r\n\r\n');
});

test.run();
