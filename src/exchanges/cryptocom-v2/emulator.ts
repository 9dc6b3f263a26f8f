import { cancel, findOrder, INSTRUMENTS, isDecimal, place, toNewOrder, type NewOrder, type Order } from '../cryptocom-v1/emulator-book.js';
import { cryptocomRoutes, type MethodAnswer, type MethodSpec } from '../cryptocom-v1/emulator.js';

// Legacy v2 (/v2): v1's request format and signature, its own codes and
// result shapes. Sources: the v2 docs (exchange-docs.crypto.com/spot/index.html,
// "Response and Reason Codes" and each method's section) as summarised in
// shared/reference/cryptocom-api.md §2 and §4 (REF-CDC). The nonce window
// (1 s ahead, 30 s behind) is quoted by third parties only. ccxt reaches v2
// only through its implicit methods (v2PrivatePost...), with v1's body shape.

const err = (status: number, code: number, message: string): MethodAnswer => ({ error: { status, code, message } });
// 10004 BAD_REQUEST "Missing required fields" (REF-CDC §4, HTTP 400).
const badRequest = () => err(400, 10004, 'BAD_REQUEST');

/** The v2 order object (get-open-orders order_list[], get-order-detail order_info). */
function v2Order(o: Order): Record<string, unknown> {
  return {
    status: o.status,
    side: o.side,
    price: Number(o.limit_price),
    quantity: Number(o.quantity),
    order_id: o.order_id,
    client_oid: o.client_oid,
    create_time: o.create_time,
    update_time: o.update_time,
    type: o.order_type,
    instrument_name: o.instrument_name,
    cumulative_quantity: o.status === 'FILLED' ? Number(o.quantity) : 0,
    cumulative_value: 0,
    avg_price: 0,
    fee_currency: o.instrument_name.split('_')[1],
    time_in_force: o.time_in_force,
  };
}

/**
 * v2 create-order validation. GUESS, after the v2 code table (REF-CDC §4):
 * missing fields 10004 BAD_REQUEST; an unknown instrument 30003
 * SYMBOL_NOT_FOUND; a bad side 30004, type 30005; a bad number 10004.
 */
function v2NewOrder(p: Record<string, unknown>, nonce: string): NewOrder | MethodAnswer {
  for (const name of ['instrument_name', 'side', 'type', 'quantity']) if (p[name] === undefined || p[name] === '') return badRequest();
  if (!INSTRUMENTS.some((i) => i.symbol === p.instrument_name)) return err(400, 30003, 'SYMBOL_NOT_FOUND');
  if (p.side !== 'BUY' && p.side !== 'SELL') return err(400, 30004, 'SIDE_NOT_SUPPORTED');
  if (p.type !== 'LIMIT' && p.type !== 'MARKET') return err(400, 30005, 'ORDERTYPE_NOT_SUPPORTED');
  if (!isDecimal(p.quantity) || (p.type === 'LIMIT' && !isDecimal(p.price))) return badRequest();
  return toNewOrder(p, nonce);
}

const V2_METHODS: Record<string, MethodSpec> = {
  // v2 public/get-instruments: result.instruments[] with decimals (not ticks).
  'public/get-instruments': {
    need: null,
    run: () => ({
      result: {
        instruments: INSTRUMENTS.map((i) => ({
          instrument_name: i.symbol,
          quote_currency: i.quote,
          base_currency: i.base,
          price_decimals: i.priceDecimals,
          quantity_decimals: i.qtyDecimals,
          margin_trading_enabled: false,
          margin_trading_enabled_5x: false,
          margin_trading_enabled_10x: false,
          max_quantity: '100000000',
          min_quantity: i.qtyTick,
        })),
      },
    }),
  },
  // v2 private/get-account-summary: result.accounts[]; currency narrows it.
  'private/get-account-summary': {
    need: 'read',
    run: ({ params }) => ({
      result: {
        accounts: [
          { currency: 'USD', balance: 1000, available: 1000, order: 0, stake: 0 },
          { currency: 'BTC', balance: 0.05, available: 0.05, order: 0, stake: 0 },
          { currency: 'USDT', balance: 500, available: 500, order: 0, stake: 0 },
        ].filter((a) => !params.currency || a.currency === params.currency),
      },
    }),
  },
  // v2 private/get-open-orders: result {count, order_list}.
  'private/get-open-orders': {
    need: 'read',
    run: ({ params, book }) => {
      const list = book.orders.filter((o) => o.status === 'ACTIVE' && (!params.instrument_name || o.instrument_name === params.instrument_name)).map(v2Order);
      return { result: { count: list.length, order_list: list } };
    },
  },
  // v2 private/get-order-detail: result {trade_list, order_info}. GUESS: an unknown id answers 10004.
  'private/get-order-detail': {
    need: 'read',
    run: ({ params, book }) => {
      const order = findOrder(book, params);
      return order ? { result: { trade_list: [], order_info: v2Order(order) } } : badRequest();
    },
  },
  // v2 private/create-order: result {order_id, client_oid}.
  'private/create-order': {
    need: 'trade',
    run: ({ params, nonce, book, req }) => {
      const o = v2NewOrder(params, nonce);
      if ('error' in o) return o;
      const order = place(book, o as NewOrder, req.now);
      return { result: { order_id: order.order_id, client_oid: order.client_oid } };
    },
  },
  // v2 private/cancel-order: instrument_name and order_id; success has no result.
  // GUESS: v2 has no NOT_FOUND code, so an unknown or inactive order answers 10004 BAD_REQUEST (HTTP 400).
  'private/cancel-order': {
    need: 'trade',
    run: ({ params, book, req }) => {
      if (!params.instrument_name || params.order_id === undefined) return badRequest();
      const order = findOrder(book, params);
      if (!order || order.instrument_name !== params.instrument_name || !cancel(order, req.now)) return badRequest();
      return {};
    },
  },
};

export const emulator = cryptocomRoutes({
  mount: '/v2/',
  basePath: '/v2',
  codes: { unauthorized: 10002, ip: 10003, nonce: 10007, rate: 10006, badRequest: 10004, methodNotFound: 10008 },
  methods: V2_METHODS,
  nonceOk: (nonce, now) => !(nonce - now > 1000 || now - nonce > 30_000),
  // GUESS: the v2 table's name as the message (10002 UNAUTHORIZED).
  unauthorizedMessage: 'UNAUTHORIZED',
  // 10001 SYS_ERROR, "malformed request, e.g. not application/json", HTTP 500 (REF-CDC §4).
  notJson: { status: 500, code: 10001, message: 'SYS_ERROR' },
});
