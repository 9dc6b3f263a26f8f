// The emulated Crypto.com account: instruments, balances, currency networks
// and the order book of one emulator instance, shared by v1 and legacy v2
// (each version formats them in its own shapes). CDCDOC = the official v1
// docs (exchange-developer.crypto.com/exchange/v1/docs), by method page.
// Values are illustrative; field sets and types are the documented ones.

export interface Instrument {
  symbol: string;
  base: string;
  quote: string;
  /** Decimal places of the price and the quantity, and their ticks as strings. */
  priceDecimals: number;
  qtyDecimals: number;
  priceTick: string;
  qtyTick: string;
}

export const INSTRUMENTS: readonly Instrument[] = [
  { symbol: 'BTC_USD', base: 'BTC', quote: 'USD', priceDecimals: 2, qtyDecimals: 5, priceTick: '0.01', qtyTick: '0.00001' },
  { symbol: 'ETH_USD', base: 'ETH', quote: 'USD', priceDecimals: 2, qtyDecimals: 4, priceTick: '0.01', qtyTick: '0.0001' },
  { symbol: 'BTC_USDT', base: 'BTC', quote: 'USDT', priceDecimals: 2, qtyDecimals: 5, priceTick: '0.01', qtyTick: '0.00001' },
  { symbol: 'CRO_USD', base: 'CRO', quote: 'USD', priceDecimals: 5, qtyDecimals: 0, priceTick: '0.00001', qtyTick: '1' },
];

export const BALANCES: ReadonlyArray<{ currency: string; quantity: string; marketValue: string }> = [
  { currency: 'USD', quantity: '1000.00', marketValue: '1000.00' },
  { currency: 'BTC', quantity: '0.05000', marketValue: '3000.00' },
  { currency: 'USDT', quantity: '500.000000', marketValue: '500.00' },
];

/** CDCDOC private/get-currency-networks: result.currency_map.{CCY}.network_list[]. */
export function currencyMap(): Record<string, unknown> {
  const net = (network_id: string, withdrawal_fee: string, min_withdrawal_amount: string, confirmation_required: string) => ({
    network_id,
    withdrawal_fee,
    withdraw_enabled: true,
    min_withdrawal_amount,
    deposit_enabled: true,
    confirmation_required,
  });
  return {
    BTC: { full_name: 'Bitcoin', default_network: null, network_list: [net('BTC', '0.00020000', '0.001', '2')] },
    ETH: { full_name: 'Ethereum', default_network: null, network_list: [net('ETH', '0.00300000', '0.01', '32')] },
    USDT: { full_name: 'Tether USD', default_network: 'ETH', network_list: [net('ETH', '10.00000000', '20.0', '32'), net('TRON', '1.00000000', '10.0', '20')] },
    CRO: { full_name: 'Cronos', default_network: null, network_list: [net('CRO', '0.10000000', '1.0', '1')] },
  };
}

export interface Order {
  order_id: string;
  client_oid: string;
  instrument_name: string;
  side: 'BUY' | 'SELL';
  order_type: 'LIMIT' | 'MARKET';
  time_in_force: string;
  quantity: string;
  limit_price: string;
  status: 'ACTIVE' | 'CANCELED' | 'FILLED';
  create_time: number;
  update_time: number;
}

export interface Book {
  next: bigint;
  orders: Order[];
}

export const newBook = (): Book => ({ next: 6530219466236720401n, orders: [] });

/** What create-order was given, already checked by the version's own rules. */
export interface NewOrder {
  instrument_name: string;
  side: 'BUY' | 'SELL';
  type: 'LIMIT' | 'MARKET';
  quantity: string;
  price: string | null;
  client_oid: string;
  time_in_force: string | undefined;
}

/** The order as the book keeps it, once the version's own checks have passed (side and type already checked). */
export function toNewOrder(p: Record<string, unknown>, nonce: string): NewOrder {
  return {
    instrument_name: p.instrument_name as string,
    side: p.side as NewOrder['side'],
    type: p.type as NewOrder['type'],
    quantity: String(p.quantity),
    price: p.price === undefined ? null : String(p.price),
    client_oid: typeof p.client_oid === 'string' && p.client_oid ? p.client_oid : nonce,
    time_in_force: typeof p.time_in_force === 'string' ? p.time_in_force : undefined,
  };
}

/** A limit order rests until cancelled; a market order fills at once. Balances do not move. */
export function place(book: Book, o: NewOrder, now: number): Order {
  const order: Order = {
    order_id: String(book.next++),
    client_oid: o.client_oid,
    instrument_name: o.instrument_name,
    side: o.side,
    order_type: o.type,
    time_in_force: o.time_in_force ?? 'GOOD_TILL_CANCEL',
    quantity: o.quantity,
    limit_price: o.price ?? '0',
    status: o.type === 'MARKET' ? 'FILLED' : 'ACTIVE',
    create_time: now,
    update_time: now,
  };
  book.orders.push(order);
  return order;
}

/** By order_id (a string or a number: CDCDOC allows "number or string of number") or client_oid. */
export function findOrder(book: Book, p: Record<string, unknown>): Order | undefined {
  const id = p.order_id;
  const clientOid = p.client_oid;
  if (id !== undefined && id !== null && id !== '') return book.orders.find((o) => o.order_id === String(id));
  if (typeof clientOid === 'string' && clientOid !== '') return book.orders.find((o) => o.client_oid === clientOid);
  return undefined;
}

export function cancel(order: Order, now: number): boolean {
  if (order.status !== 'ACTIVE') return false;
  order.status = 'CANCELED';
  order.update_time = now;
  return true;
}

export const isDecimal = (v: unknown): v is string | number => (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)) || (typeof v === 'number' && Number.isFinite(v) && v >= 0);
