#!/usr/bin/env bash
# Installs what neurotile needs, and only what is missing: the npm packages
# (`npm ci`, when node_modules is missing or does not match package-lock.json)
# and the Debian packages of the hardware tools and the data set. Idempotent;
# prints nothing when everything is already there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'setup: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# ---- Node.js ---------------------------------------------------------------
command -v node >/dev/null 2>&1 || die "Node.js 20 or newer is required (apt-get install nodejs npm, or https://nodejs.org)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node.js 20 or newer is required, found $(node --version)"
command -v npm >/dev/null 2>&1 || die "npm is required (apt-get install npm)"

# ---- Debian packages ---------------------------------------------------------
# Verilator, Icarus Verilog, Yosys, nextpnr for iCE40, the Fashion-MNIST IDX
# files; GTKWave (its vcd2fst/fst2vcd check our VCDs); g++ and make because
# Verilator builds its models with them; Chromium, in which the report's test
# opens the HTML report (through playwright-core, which downloads nothing).
DEB_PACKAGES=(verilator iverilog yosys nextpnr-ice40 dataset-fashion-mnist gtkwave g++ make chromium)
# For the test suite only: the single-node Slurm of scripts/local-slurm.sh
# (`neurotile sweep --engine slurm` is tested against it).
DEB_PACKAGES+=(slurmctld slurmd slurm-client munge)
missing=()
for p in "${DEB_PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get here: install them with your package manager"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "missing ${missing[*]}: run as root or install sudo"
    sudo=(sudo)
  fi
  say "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# ---- npm packages --------------------------------------------------------------
if ! node scripts/npm-stale.mjs; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
