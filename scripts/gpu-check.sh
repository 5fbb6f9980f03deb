#!/usr/bin/env bash
# Checks l2l4j's GPU path on a machine with an NVIDIA GPU (ND4J-CUDA 11.6), Java 17 and Maven:
#   1. the kernel equivalence tests on the CPU backend, writing the host kernel's results as references
#   2. the CUDA build: mvn -Pcuda -DskipTests package (l2l-examples/target/l2l.jar, the CUDA CLI jar)
#   3. the same tests under the CUDA backend, the ND4J kernel on the GPU against those references; the
#      DL4J checks (train/deploy bit-identity, save/restore/continue bit-identity, NaN refusal) on the GPU
#   4. LearnedUpdaterExample from the CUDA jar: a MultiLayerNetwork and a ComputationGraph trained with
#      LearnedUpdater on the GPU, saved, restored and continued (default optimizer, then zoo:mnist)
#   5. the JMH KernelBenchmark on the GPU (ND4J kernel and Adam) and on the CPU (host kernel, ND4J kernel, Adam)
# Results: OUT/gpu-check.json (every stage: command, exit status, seconds, log), OUT/cpu/*.json and
# OUT/cuda/*.json (errors measured per case), OUT/jmh-*.json, OUT/logs/, OUT/surefire-*/.
#
# usage: scripts/gpu-check.sh [--out DIR] [--cpu] [--skip-cuda-build] [--jmh "JMH ARGS"]
#   --cpu              no GPU: run every stage that can on the CPU backend instead (the ND4J kernel forced,
#                      references read from files as on a GPU); the CUDA build still runs unless skipped
#   --skip-cuda-build  leave out stage 2 (with --cpu only)
#   --jmh ARGS         extra JMH arguments, e.g. "-wi 1 -i 2 -p n=10000,100000" for a shorter benchmark
# Runtime needs: CUDA 11.x cuBLAS and cuSOLVER libraries (libcublas.so.11, libcusolver.so.11) on the library
# path, as a CUDA 11.6 toolkit installs them; see docs/gpu.md.
set -uo pipefail

cd "$(dirname "$0")/.."
OUT=target/gpu-check
CPU_ONLY=false
SKIP_CUDA_BUILD=false
JMH_EXTRA=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --cpu) CPU_ONLY=true; shift ;;
    --skip-cuda-build) SKIP_CUDA_BUILD=true; shift ;;
    --jmh) JMH_EXTRA="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "gpu-check: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if $SKIP_CUDA_BUILD && ! $CPU_ONLY; then
  echo "gpu-check: --skip-cuda-build goes with --cpu: on a GPU the CUDA build is what is checked" >&2; exit 2
fi

fail() { echo "gpu-check: $*" >&2; exit 1; }
command -v java >/dev/null || fail "java not found (Java 17 is needed)"
command -v mvn >/dev/null || fail "mvn not found (Maven is needed)"
JAVA_MAJOR=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
[ "${JAVA_MAJOR%%.*}" -ge 17 ] 2>/dev/null || fail "Java 17 or newer is needed, found ${JAVA_MAJOR:-none}"
GPU="none (CPU backend)"
if ! $CPU_ONLY; then
  command -v nvidia-smi >/dev/null || fail "nvidia-smi not found: no NVIDIA driver? (without a GPU, run with --cpu)"
  GPU=$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | head -1) \
    || fail "nvidia-smi failed: $GPU"
  if command -v ldconfig >/dev/null && ! ldconfig -p | grep -q 'libcublas.so.11'; then
    echo "gpu-check: warning: libcublas.so.11 is not in the ldconfig cache; ND4J-CUDA 11.6 needs the CUDA 11 cuBLAS" \
      "and cuSOLVER libraries (a CUDA 11.6 toolkit, or LD_LIBRARY_PATH pointing at them)" >&2
  fi
fi
mkdir -p "$OUT/logs" || fail "cannot create $OUT"
OUT=$(cd "$OUT" && pwd)
: > "$OUT/stages.tsv"

MVN=(mvn -B -ntp)
# the kernel equivalence tests; the DL4J checks written for the host kernel, rerun on the ND4J kernel
EQUIVALENCE=Nd4jLstmStepTest,ZooKernelTest,Nd4jKernelNetworkTest
DL4J=TrainDeployEquivalenceOnNd4jKernelTest,SaveRestoreOnNd4jKernelTest,BadInputOnNd4jKernelTest
MODULES=l2l-core,l2l-dl4j-updater,l2l-zoo
if $CPU_ONLY; then PROFILE=(); BACKEND=cpu; else PROFILE=(-Pcuda); BACKEND=cuda; fi

# stage NAME COMMAND...: runs it with its output in OUT/logs/NAME.log and records the outcome
stage() {
  local name="$1"; shift
  local log="$OUT/logs/$name.log" start end status
  echo "gpu-check: $name: $*"
  start=$(date +%s)
  "$@" > "$log" 2>&1
  status=$?
  end=$(date +%s)
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$status" "$((end - start))" "$log" "$*" >> "$OUT/stages.tsv"
  if [ $status -eq 0 ]; then echo "gpu-check: $name: passed in $((end - start)) s"
  else echo "gpu-check: $name: FAILED (exit $status), see $log" >&2; tail -20 "$log" >&2; fi
  return $status
}

copy_reports() {   # surefire's reports of the last test stage, kept per backend
  mkdir -p "$OUT/surefire-$1"
  for m in ${MODULES//,/ }; do cp -f "$m"/target/surefire-reports/*.xml "$OUT/surefire-$1/" 2>/dev/null; done
}

stage cpu-references "${MVN[@]}" -pl "$MODULES" -am test -Dtest="$EQUIVALENCE" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dl2l4j.check.write-reference="$OUT/reference" -Dl2l4j.check.report="$OUT/cpu"
copy_reports cpu

if ! $SKIP_CUDA_BUILD; then
  stage cuda-build "${MVN[@]}" -Pcuda -DskipTests package
fi

stage "$BACKEND-equivalence" "${MVN[@]}" "${PROFILE[@]}" -pl "$MODULES" -am test -Dtest="$EQUIVALENCE,$DL4J" \
  -Dsurefire.failIfNoSpecifiedTests=false -Dl2l4j.check.reference="$OUT/reference" -Dl2l4j.check.report="$OUT/$BACKEND"
copy_reports "$BACKEND"

# the CLI jar of this backend (on a GPU the one stage 2 built; with --cpu a CPU one, the ND4J kernel forced)
if $CPU_ONLY; then
  stage cpu-build "${MVN[@]}" -pl l2l-examples -am -DskipTests package
  KERNEL=(-Dl2l4j.kernel=nd4j)
else
  KERNEL=()
fi
JAR=l2l-examples/target/l2l.jar
stage "$BACKEND-fit-default" java -Xmx4g "${KERNEL[@]}" -cp "$JAR" org.l2l4j.examples.LearnedUpdaterExample
stage "$BACKEND-fit-zoo-mnist" java -Xmx4g "${KERNEL[@]}" -cp "$JAR" org.l2l4j.examples.LearnedUpdaterExample zoo:mnist

BENCH=(-pl l2l-dl4j-updater -am test -Dtest=UpdaterBenchmarkLauncher -Dsurefire.failIfNoSpecifiedTests=false)
if ! $CPU_ONLY; then
  stage cuda-benchmark "${MVN[@]}" -Pcuda "${BENCH[@]}" \
    -Djmh.args="KernelBenchmark -p rule=nd4j,adam -rf json -rff $OUT/jmh-cuda.json $JMH_EXTRA"
fi
stage cpu-benchmark "${MVN[@]}" "${BENCH[@]}" \
  -Djmh.args="KernelBenchmark -p rule=host,nd4j,adam -rf json -rff $OUT/jmh-cpu.json $JMH_EXTRA"

# the summary: environment and every stage's outcome, as JSON
json_string() { local v="${1//\\/\\\\}"; v="${v//\"/\\\"}"; v="${v//$'\t'/ }"; printf '"%s"' "$v"; }
{
  printf '{\n  "backend": %s,\n  "gpu": %s,\n' "$(json_string "$BACKEND")" "$(json_string "$GPU")"
  printf '  "commit": %s,\n' "$(json_string "$(git rev-parse HEAD 2>/dev/null || echo unknown)")"
  printf '  "java": %s,\n' "$(json_string "$(java -version 2>&1 | head -1)")"
  printf '  "finished": %s,\n' "$(json_string "$(date -u +%Y-%m-%dT%H:%M:%SZ)")"
  FAILED=$(awk -F'\t' '$2 != 0' "$OUT/stages.tsv" | wc -l)
  printf '  "passed": %s,\n  "stages": [' "$([ "$FAILED" -eq 0 ] && echo true || echo false)"
  sep=""
  while IFS=$'\t' read -r name status seconds log command; do
    printf '%s\n    {"stage": %s, "passed": %s, "exitStatus": %s, "seconds": %s, "log": %s, "command": %s}' "$sep" \
      "$(json_string "$name")" "$([ "$status" -eq 0 ] && echo true || echo false)" "$status" "$seconds" \
      "$(json_string "$log")" "$(json_string "$command")"
    sep=","
  done < "$OUT/stages.tsv"
  printf '\n  ]\n}\n'
} > "$OUT/gpu-check.json" || fail "cannot write $OUT/gpu-check.json"
echo "gpu-check: summary in $OUT/gpu-check.json ($FAILED of $(wc -l < "$OUT/stages.tsv") stages failed)"
[ "$FAILED" -eq 0 ]
