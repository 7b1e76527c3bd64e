// The addresses of a connection's socket, read from it on first use (each one is a system
// call in Node) and cached for every request on the connection.

import type { Socket } from 'node:net';
import type { ConnectionInfo } from '../context.js';

export class SocketInfo implements ConnectionInfo {
  private remote: { address: string; port: number } | null = null;
  private local: { address: string; port: number } | null = null;
  readonly encrypted = false;

  constructor(private readonly socket: Socket) {}

  get remoteAddress(): string { return this.remoteEnd().address; }
  get remotePort(): number { return this.remoteEnd().port; }
  get localAddress(): string { return this.localEnd().address; }
  get localPort(): number { return this.localEnd().port; }

  private remoteEnd(): { address: string; port: number } {
    return (this.remote ??= { address: this.socket.remoteAddress ?? '', port: this.socket.remotePort ?? 0 });
  }

  private localEnd(): { address: string; port: number } {
    return (this.local ??= { address: this.socket.localAddress ?? '', port: this.socket.localPort ?? 0 });
  }
}
