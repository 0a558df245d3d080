// Preloaded with `node --require`: *.localhost names resolve to 127.0.0.1. arduino-iot-js
// always connects to wss://wss.<host>:<port>/mqtt, and Node.js (unlike browsers) does not
// resolve wss.localhost by itself; this points it at the test broker on 127.0.0.1.
"use strict";
const dns = require("dns");
const lookup = dns.lookup;
dns.lookup = function (hostname, options, callback) {
  const local = typeof hostname === "string" && hostname.endsWith(".localhost");
  return lookup.call(this, local ? "127.0.0.1" : hostname, options, callback);
};
