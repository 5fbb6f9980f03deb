#!/bin/bash
# Builds l2l4j's jars, then trains a small network with LearnedUpdater(zoo("mnist")) and with Adam through
# dl4j-spark's ParameterAveragingTrainingMaster in Spark local mode, and prints the losses before and after.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
(cd "$ROOT" && mvn -B -ntp -q -pl l2l-zoo -am -DskipTests package)
cd "$HERE"
mvn -B -ntp -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
CP=target/classes:$(cat target/cp.txt):$ROOT/l2l-core/target/l2l-core-0.1.0-SNAPSHOT.jar:$ROOT/l2l-dl4j-updater/target/l2l-dl4j-updater-0.1.0-SNAPSHOT.jar:$ROOT/l2l-zoo/target/l2l-zoo-0.1.0-SNAPSHOT.jar
mkdir -p target/classes && javac -cp "$CP" -d target/classes Check.java
OPENS=$(grep -o '<spark.jvm.opens>[^<]*' "$ROOT/l2l-examples/pom.xml" | sed 's/<spark.jvm.opens>//')
for u in learned adam; do java $OPENS -Dio.netty.tryReflectionSetAccessible=true -cp "$CP" Check $u 2>target/$u.err; done
