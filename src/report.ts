// Last-resort reporting for faults inside the server itself (never for client input, which
// is answered on the wire, nor for application errors, which go to the server's onError).
// Printing keeps such a bug visible without letting it take down every other connection.

export function reportInternalError(error: unknown): void {
  console.error('windhover: internal error:', error);
}
