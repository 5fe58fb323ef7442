#!/usr/bin/env bash
# Packages the VS Code extension (editors/vscode) as a .vsix, the same way every time: the
# exact versions of editors/vscode/package-lock.json (`npm ci`, vsce included), install scripts
# off (vsce's optional keychain module would fetch a prebuilt binary; packaging never uses it).
#
#   scripts/package-vscode.sh [OUT]     # default: target/mentor-vscode.vsix
#
# Needs Node.js 16 or later and the npm registry. Install the result with
#   code --install-extension target/mentor-vscode.vsix
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/target/mentor-vscode.vsix}"
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"

cd "$root/editors/vscode"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
# No repository field or LICENSE file of its own: the extension ships inside this repository.
npx --no-install vsce package --allow-missing-repository --skip-license --out "$out"
