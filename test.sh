#!/usr/bin/env bash
# Runs NomadMuse's whole test suite the way CI does.
# Installs the test-only peer (ONNX Runtime's native library, from the npm package onnxruntime-node) into
# .tools/ when it is missing, then runs every test project in Release.
set -euo pipefail
cd "$(dirname "$0")"

ORT_VERSION="${NOMADMUSE_ORT_VERSION:-1.22.0}"
ORT_DIR=".tools/onnxruntime-node"
if [ ! -f "$ORT_DIR/node_modules/onnxruntime-node/package.json" ]; then
  echo "test.sh: installing onnxruntime-node@$ORT_VERSION (native ONNX Runtime for parity tests) into $ORT_DIR"
  mkdir -p "$ORT_DIR"
  # --ignore-scripts: we need only the shipped native library, not the Node addon's install script.
  npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$ORT_DIR" "onnxruntime-node@$ORT_VERSION" >/dev/null
fi
ORT_LIB="$(find "$PWD/$ORT_DIR/node_modules/onnxruntime-node/bin" -name 'libonnxruntime.so.1*' -path '*linux/x64*' | head -n 1)"
if [ -z "$ORT_LIB" ]; then
  echo "test.sh: libonnxruntime.so.1 not found under $ORT_DIR" >&2
  exit 1
fi
export NOMADMUSE_ORT_LIBRARY="$ORT_LIB"
export NOMADMUSE_REQUIRE_ORT=1

dotnet test NomadMuse.sln -c Release "$@"
