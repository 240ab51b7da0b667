#!/usr/bin/env bash
# Installs the real gRPC peers the tests use (Python, Node and Ruby clients), from Debian and npm, when they are missing, and PostgreSQL
# (Runtime.Tests start a private throwaway server from its binaries; the system cluster is not used).
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v ruby >/dev/null 2>&1 && ruby -e 'require "grpc"' >/dev/null 2>&1 || need_apt+=(ruby-grpc)
/usr/bin/python3 -c 'import grpc' >/dev/null 2>&1 || need_apt+=(python3-grpcio)
/usr/bin/python3 -c 'import grpc_tools' >/dev/null 2>&1 || need_apt+=(python3-grpc-tools)
[ -f /usr/share/grpc-proto/grpc/health/v1/health.proto ] || need_apt+=(grpc-proto)
command -v tmux >/dev/null 2>&1 || need_apt+=(tmux)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need_apt[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ -f Peers/node/package.json ] && [ ! -d Peers/node/node_modules/@grpc/grpc-js ]; then
  echo "Installing Node peers (npm ci)"
  (cd Peers/node && npm ci --no-audit --no-fund --loglevel=error)
fi
