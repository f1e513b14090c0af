#!/usr/bin/env bash
# Runs every lakebook test (mvn verify), first installing what the tests need when it is missing: Maven, Node.js and
# npm (for the MCP test clients, the Dev Containers CLI, playwright-core and the benchmark's TypeScript MCP server),
# Debian's Jupyter client packages (the real jupyter_client, nbconvert, nbclient, nbformat and the kernel conformance
# suite), the classic Notebook and chromium (the first run in a browser), util-linux's script (a real terminal for the
# interactive install test) and the Python libraries an emulated cluster offers (pandas, matplotlib). Extra arguments
# go to Maven.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cd "$root"

packages=(maven jupyter-client jupyter-nbconvert python3-nbclient python3-nbformat python3-jupyter-client
          python3-jupyter-kernel-test python3-ipykernel python3-pandas python3-matplotlib jupyter-notebook chromium
          bsdutils)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# The MCP server's tests drive it with MCP clients from the npm registry (goose-extension/src/test/node); Node.js
# may come from elsewhere than Debian, so only its absence counts.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's Jupyter lives under /usr/bin/python3; a python3 earlier on the PATH may lack it.
export PATH="/usr/bin:$PATH"
export PYDEVD_DISABLE_FILE_VALIDATION=1
exec mvn -B -ntp verify "$@"
