#!/bin/sh
# A shell bot for MEXC spot with one bug: it signs its parameters sorted by
# name (as Binance-style guides say), but sends them in the order it wrote
# them. See the README section "Your bot gets 700002 or 40101 but `xcred
# diagnose` passes". Needs MEXC_API_KEY and MEXC_SECRET_KEY.
BASE=${MEXC_BASE_URL:-https://api.mexc.com}
T=$(date +%s%3N)
SIGNED="recvWindow=5000&symbol=BTCUSDT&timestamp=$T"
SIG=$(printf %s "$SIGNED" | openssl dgst -sha256 -hmac "$MEXC_SECRET_KEY" | cut -d' ' -f2)
curl -s "$BASE/api/v3/openOrders?symbol=BTCUSDT&recvWindow=5000&timestamp=$T&signature=$SIG" \
  -H "X-MEXC-APIKEY: $MEXC_API_KEY" -H 'Content-Type: application/json'
echo
