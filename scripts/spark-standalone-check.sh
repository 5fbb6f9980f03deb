#!/bin/bash
# Meta-training on a standalone Spark cluster on this machine: a master and two one-core workers, the l2l driver
# against them, one executor killed with SIGKILL in the middle of an epoch; then the same run in one process, and
# the two optimizers' weights compared bit for bit. Uses $SPARK_HOME if set (Spark 4.0.x, Scala 2.13), else makes
# one from Maven Central's Spark jars in target/spark-check/spark-home. Needs l2l-examples/target/l2l.jar
# (mvn -B -ntp -q -DskipTests package). Usage: scripts/spark-standalone-check.sh [EPOCHS, default 10]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/l2l-examples/target/l2l.jar
OUT=$ROOT/target/spark-check
EPOCHS=${1:-10}
[ -f "$JAR" ] || { echo "no $JAR: build it with mvn -B -ntp -q -DskipTests package" >&2; exit 1; }
mkdir -p "$OUT/logs"
cd "$OUT"
if [ -z "${SPARK_HOME:-}" ]; then
  export SPARK_HOME=$OUT/spark-home
  if [ ! -f "$SPARK_HOME/RELEASE" ]; then
    VERSION=$(grep -o '<spark.version>[^<]*' "$ROOT/pom.xml" | sed 's/<spark.version>//')
    mkdir -p "$SPARK_HOME/jars" spark-pom
    cat > spark-pom/pom.xml <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>check</groupId><artifactId>spark-home</artifactId><version>1</version>
  <dependencies><dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_2.13</artifactId>
    <version>$VERSION</version></dependency></dependencies></project>
POM
    mvn -B -ntp -q -f spark-pom/pom.xml dependency:copy-dependencies -DoutputDirectory="$SPARK_HOME/jars"
    touch "$SPARK_HOME/RELEASE"   # the launcher takes SPARK_HOME/jars as Spark's class path when RELEASE exists
  fi
fi
export SPARK_SCALA_VERSION=2.13   # what the launcher would otherwise look for in a build directory
OPENS=$(grep -o '<spark.jvm.opens>[^<]*' "$ROOT/l2l-examples/pom.xml" | sed 's/<spark.jvm.opens>//')
SPARK_CP="$SPARK_HOME/jars/*"
rm -rf work1 work2
java $OPENS -Xmx512m -cp "$SPARK_CP" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077 --webui-port 18080 \
    > logs/master.log 2>&1 &
MASTER=$! W1= W2=
trap 'kill $MASTER $W1 $W2 2>/dev/null' EXIT
sleep 8
java $OPENS -Xmx512m -cp "$SPARK_CP" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 3g \
    --webui-port 18081 --work-dir "$OUT/work1" spark://127.0.0.1:7077 > logs/worker1.log 2>&1 &
W1=$!
java $OPENS -Xmx512m -cp "$SPARK_CP" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 3g \
    --webui-port 18082 --work-dir "$OUT/work2" spark://127.0.0.1:7077 > logs/worker2.log 2>&1 &
W2=$!
sleep 8
ARGS="meta-train --problem quadratic --epochs $EPOCHS --batch-size 32 --shards 4 --seed 5"
rm -f standalone.l2l standalone.l2l.ckpt one-process.l2l
java -Dspark.jars="$JAR" -Dspark.driver.host=127.0.0.1 -Dspark.executor.memory=2g -Dspark.cores.max=2 \
    -jar "$JAR" $ARGS --spark spark://127.0.0.1:7077 --out standalone.l2l > logs/driver.out 2> logs/driver.err &
DRIVER=$!
# once the first worker's executor has finished 13 tasks (it holds shards' state), kill it with SIGKILL
n=0
for i in $(seq 1 600); do
  n=$(cat "$OUT"/work1/app-*/*/stderr 2>/dev/null | grep -c "Finished task" || true)
  [ "$n" -ge 13 ] && break
  sleep 0.5
done
VICTIM=$(pgrep -P $W1 -f CoarseGrainedExecutorBackend | head -1 || true)
[ -n "$VICTIM" ] && kill -9 "$VICTIM" && echo "killed executor process $VICTIM after $n finished tasks"
wait $DRIVER
tail -1 logs/driver.out
java -jar "$JAR" $ARGS --out one-process.l2l > logs/one.out 2> logs/one.err
cat > SameWeights.java <<'JAVA'
import java.nio.file.Path;
import org.l2l4j.core.TrainedOptimizerFile;

public class SameWeights {
    public static void main(String[] args) throws Exception {
        double[] a = TrainedOptimizerFile.read(Path.of(args[0])).weights(), b = TrainedOptimizerFile.read(Path.of(args[1])).weights();
        int differ = a.length == b.length ? 0 : -1;
        for (int i = 0; differ >= 0 && i < a.length; i++)
            if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) differ++;
        System.out.println(args[0] + " against " + args[1] + ": " + a.length + " weights, " + (differ == 0 ? "equal bit for bit" : differ + " differ"));
        System.exit(differ == 0 ? 0 : 1);
    }
}
JAVA
java -cp "$JAR" SameWeights.java standalone.l2l one-process.l2l
