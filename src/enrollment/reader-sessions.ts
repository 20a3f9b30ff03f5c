/**
 * Port: how the reader app gets bound to one order. The QR code / deep link carries a one-time
 * token; the app trades it (once) for a session, a bearer credential for the rest of its calls.
 *
 * @example
 *   const token = await readers.issueToken(order.id, 900);
 *   const orderId = await readers.consumeToken(token); // a second consume → undefined
 *   const session = await readers.openSession(orderId, 900);
 */
export interface ReaderSessions {
  issueToken(orderId: string, ttlSeconds: number): Promise<string>;
  consumeToken(token: string): Promise<string | undefined>;
  /** Voids a token that was replaced ("Show a new code"). */
  dropToken(token: string): Promise<void>;
  /** One session per order: opening a new one ends the previous one. */
  openSession(orderId: string, ttlSeconds: number): Promise<string>;
  orderOf(session: string): Promise<string | undefined>;
}
