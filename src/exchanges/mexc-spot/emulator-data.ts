// What the emulated MEXC spot account and market look like: a handful of
// symbols and coins, in the exact shapes of the official docs (SPOTDOC =
// mexcdevelop/apidocs, branch spot_v3_en, source/index.html.md). Values are
// illustrative; the field sets and types are the documented ones.

export interface SpotSymbol {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  /** Decimal places: ccxt reads baseAssetPrecision as the amount tick, quoteAssetPrecision as the price tick. */
  baseAssetPrecision: number;
  quoteAssetPrecision: number;
  /** Minimum order amount in the base asset ("0": none), and minimum order value in the quote asset. */
  baseSizePrecision: string;
  quoteAmountPrecision: string;
}

export const SPOT_SYMBOLS: readonly SpotSymbol[] = [
  { symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT', baseAssetPrecision: 6, quoteAssetPrecision: 2, baseSizePrecision: '0', quoteAmountPrecision: '1' },
  { symbol: 'ETHUSDT', baseAsset: 'ETH', quoteAsset: 'USDT', baseAssetPrecision: 5, quoteAssetPrecision: 2, baseSizePrecision: '0', quoteAmountPrecision: '1' },
  { symbol: 'MXUSDT', baseAsset: 'MX', quoteAsset: 'USDT', baseAssetPrecision: 2, quoteAssetPrecision: 4, baseSizePrecision: '0', quoteAmountPrecision: '1' },
  { symbol: 'ETHBTC', baseAsset: 'ETH', quoteAsset: 'BTC', baseAssetPrecision: 4, quoteAssetPrecision: 6, baseSizePrecision: '0', quoteAmountPrecision: '0.0001' },
];

/**
 * One entry of GET /api/v3/exchangeInfo (SPOTDOC "Exchange Information").
 * `status` is "1" (online): the 2024-08-16 change log replaced "ENABLED", and
 * ccxt 4.5 counts a market active only when status is "1" and
 * isSpotTradingAllowed is true. `filters` is empty on MEXC.
 */
export function exchangeInfoSymbol(s: SpotSymbol): Record<string, unknown> {
  return {
    symbol: s.symbol,
    status: '1',
    baseAsset: s.baseAsset,
    baseAssetPrecision: s.baseAssetPrecision,
    quoteAsset: s.quoteAsset,
    quotePrecision: s.quoteAssetPrecision,
    quoteAssetPrecision: s.quoteAssetPrecision,
    baseCommissionPrecision: s.baseAssetPrecision,
    quoteCommissionPrecision: s.quoteAssetPrecision,
    orderTypes: ['LIMIT', 'MARKET', 'LIMIT_MAKER'],
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    quoteAmountPrecision: s.quoteAmountPrecision,
    baseSizePrecision: s.baseSizePrecision,
    permissions: ['SPOT'],
    filters: [],
    maxQuoteAmount: '2000000',
    makerCommission: '0',
    takerCommission: '0.0005',
    quoteAmountPrecisionMarket: s.quoteAmountPrecision,
    maxQuoteAmountMarket: '100000',
    fullName: s.baseAsset,
    tradeSideType: '1',
  };
}

/** The demo account's balances (SPOTDOC "Account Information": strings). */
export const SPOT_BALANCES = [
  { asset: 'USDT', free: '1000', locked: '0' },
  { asset: 'BTC', free: '0.05', locked: '0' },
  { asset: 'MX', free: '120.5', locked: '0' },
];

interface Network {
  network: string;
  netWork: string;
  contract: string | null;
  withdrawFee: string;
  withdrawMin: string;
  address: string;
}

const COINS: ReadonlyArray<{ coin: string; name: string; networks: Network[] }> = [
  {
    coin: 'USDT',
    name: 'TetherUS',
    networks: [
      { network: 'Tron(TRC20)', netWork: 'TRX', contract: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', withdrawFee: '1', withdrawMin: '10', address: 'TXcredDemoAddr0000000000000000000000' },
      { network: 'BNB Smart Chain(BEP20)', netWork: 'BSC', contract: '0x55d398326f99059fF775485246999027B3197955', withdrawFee: '0.8', withdrawMin: '10', address: '0x0000000000000000000000000000000000c0ffee' },
    ],
  },
  {
    coin: 'BTC',
    name: 'Bitcoin',
    networks: [{ network: 'Bitcoin(BTC)', netWork: 'BTC', contract: null, withdrawFee: '0.0002', withdrawMin: '0.001', address: 'bc1qxcreddemo0000000000000000000000000000' }],
  },
  {
    coin: 'ETH',
    name: 'Ethereum',
    networks: [{ network: 'Ethereum(ERC20)', netWork: 'ETH', contract: null, withdrawFee: '0.002', withdrawMin: '0.01', address: '0x0000000000000000000000000000000000c0ffee' }],
  },
  {
    coin: 'MX',
    name: 'MX Token',
    networks: [{ network: 'Ethereum(ERC20)', netWork: 'ETH', contract: '0x11eef04c884e24d9b7b4760e7476d06ddf797f36', withdrawFee: '5', withdrawMin: '10', address: '0x0000000000000000000000000000000000c0ffee' }],
  },
];

/** GET /api/v3/capital/config/getall (SPOTDOC "Query the currency information"): an array, one entry per coin. */
export function capitalConfig(): unknown[] {
  return COINS.map((c) => ({
    coin: c.coin,
    name: c.name,
    networkList: c.networks.map((n) => ({
      coin: c.coin,
      depositDesc: null,
      depositEnable: true,
      minConfirm: 12,
      name: c.name,
      network: n.network,
      withdrawEnable: true,
      withdrawFee: n.withdrawFee,
      withdrawIntegerMultiple: null,
      withdrawMax: '10000000',
      withdrawMin: n.withdrawMin,
      sameAddress: false,
      contract: n.contract,
      withdrawTips: null,
      depositTips: null,
      netWork: n.netWork,
    })),
  }));
}

/**
 * GET /api/v3/capital/deposit/address (SPOTDOC "Deposit Address (supporting
 * network)"): an array of {coin, network, address, memo}; `network` narrows it.
 * Null for a coin the exchange does not list.
 */
export function depositAddresses(coin: string, network: string | null): unknown[] | null {
  const c = COINS.find((x) => x.coin === coin);
  if (!c) return null;
  return c.networks
    .filter((n) => network === null || n.network === network || n.netWork === network)
    .map((n) => ({ coin: c.coin, network: n.network, address: n.address, memo: null }));
}
