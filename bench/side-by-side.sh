#!/usr/bin/env bash
# Runs the quick bench and PyTorch's reference alternately, ROUNDS times (default 3), and prints for each
# workload the median of the per-round times and ratio course/pytorch (below 1: the course is faster).
# Usage: bench/side-by-side.sh [workload...]   (from the repository root; default gemm512 mlp-epoch depth100)
set -euo pipefail
cd "$(dirname "$0")/.."
workloads=("${@:-gemm512 mlp-epoch depth100}")
rounds=${ROUNDS:-3}
reference=${REFERENCE:-../shared/bench/pytorch_reference.py}
[ -f "$reference" ] || { echo "error: PyTorch's reference script is not at $reference; set REFERENCE=path/to/pytorch_reference.py" >&2; exit 2; }
dotnet build bench -c Release -v quiet -nologo > /dev/null
log=$(mktemp)
for round in $(seq "$rounds"); do
  dotnet artifacts/bin/Course.Bench/release/Course.Bench.dll ${workloads[*]} | grep -v '^#' | sed 's/^/course /' | tee -a "$log"
  /usr/bin/python3 "$reference" ${workloads[*]} | grep -v '^#' | sed 's/^/pytorch /' | tee -a "$log"
done
echo "# medians over $rounds rounds (seconds): workload course pytorch ratio"
awk '{ t[$1" "$2] = t[$1" "$2] " " $3 }
     END {
       for (key in t) { split(key, kv, " "); if (kv[1] == "course") names[kv[2]] = 1 }
       for (w in names) {
         c = median(t["course " w]); p = median(t["pytorch " w])
         printf "%s %.4f %.4f %.2f\n", w, c, p, c / p
       }
     }
     function median(s,   a, n, i, j, x) {
       n = split(s, a, " ")
       for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
       return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
     }' "$log"
rm -f "$log"
