/**
 * A POST held open on its own connection: the headers announce a body of
 * which only the first bytes are sent, so the server has the request (its
 * onRequest hooks ran) but never its body. It stands for a request in
 * flight that costs the server nothing meanwhile (admission tests, and the
 * API benchmark's measure of what a refusal costs).
 */
import { connect, type Socket } from 'node:net';

export interface HeldRequest {
  socket: Socket;
  /** What the server sent on this connection: resolves at the end of the response head, or when the connection closes. */
  head: Promise<string>;
}

export function holdRequest(url: string, path: string, body = '{"scenarioName": "e2e-calibration"}'): Promise<HeldRequest> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      let received = '';
      const head = new Promise<string>((settle) => {
        socket.on('data', (chunk: Buffer) => {
          received += chunk.toString();
          if (received.includes('\r\n\r\n')) settle(received);
        });
        socket.on('close', () => settle(received));
      });
      socket.write(
        `POST ${path} HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 1)}`,
      );
      resolve({ socket, head });
    });
    socket.once('error', reject);
  });
}
