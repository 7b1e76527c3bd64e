// The runtime's ceiling: a node:net server that parses nothing. It counts requests by finding
// "\r\n\r\n" (carrying a partial match across reads, so pipelined and split requests are
// answered exactly once each) and writes one canned response per request, batched per read.
import net from 'node:net';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 8080);
const RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!';
const PATTERN = [13, 10, 13, 10];

const server = net.createServer({ noDelay: true }, (socket) => {
  let matched = 0;
  socket.on('data', (chunk) => {
    let count = 0;
    let from = 0;
    if (matched > 0) {
      // Continue a terminator split across reads.
      let k = matched;
      while (k < 4 && from < chunk.length && chunk[from] === PATTERN[k]) { k++; from++; }
      if (k === 4) count++;
      else if (from === chunk.length) { matched = k; return; }
      else from = 0;
      matched = 0;
    }
    for (let at = chunk.indexOf('\r\n\r\n', from, 'latin1'); at >= 0; at = chunk.indexOf('\r\n\r\n', from, 'latin1')) {
      count++;
      from = at + 4;
    }
    // A partial terminator at the end of this read.
    const n = chunk.length;
    for (let k = 3; k > 0; k--) {
      if (n - from < k) continue;
      let ok = true;
      for (let i = 0; i < k; i++) if (chunk[n - k + i] !== PATTERN[i]) { ok = false; break; }
      if (ok) { matched = k; break; }
    }
    if (count > 0) socket.write(count === 1 ? RESPONSE : RESPONSE.repeat(count), 'latin1');
  });
  socket.on('error', () => {});
});
server.listen(port, host, () => console.log(`listening on http://${host}:${port}`));
process.once('SIGTERM', () => process.exit(0));
