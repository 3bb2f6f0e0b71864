'use strict';
// Preload for `node -r ./loopback.cjs PROGRAM`: every TCP server the program starts listens on
// 127.0.0.1, whatever host (or none) it asked for. Unix sockets and inherited handles or file
// descriptors are left alone.
const net = require('node:net');

const LOOPBACK = '127.0.0.1';
const listen = net.Server.prototype.listen;

function isPort(value) {
  return typeof value === 'number'
    || (typeof value === 'string' && value.trim() !== '' && Number.isInteger(Number(value)));
}

function isTcpOptions(value) {
  return typeof value === 'object'
    && value.path === undefined
    && value.handle === undefined
    && value._handle === undefined
    && value.fd === undefined;
}

// Covers listen([port[, host[, backlog]]][, callback]) and listen(options[, callback]).
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const callback = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
  const [first, ...rest] = args;
  let options;
  if (first === undefined || first === null || isPort(first)) {
    options = { port: first ?? 0 };
    const backlog = rest.find((arg) => typeof arg === 'number');
    if (backlog !== undefined) {
      options.backlog = backlog;
    }
  } else if (isTcpOptions(first)) {
    options = { ...first };
  } else {
    return listen.apply(this, callback ? [...args, callback] : args);
  }
  options.host = LOOPBACK;
  return listen.apply(this, callback ? [options, callback] : [options]);
};
