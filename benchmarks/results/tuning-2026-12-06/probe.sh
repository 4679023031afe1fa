#!/bin/bash
# usage: probe.sh ENGINE_CLASSES STEPS REPEAT [jvm opts...]
cls=$1; steps=$2; rep=$3; shift 3
exec /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC "$@" -cp ${REPO:-.}/benchmarks/target/classes:$cls:$(cat ${EP:-/tmp/ep}/restcp) org.fieldplan.bench.engine.StockMoveProbe --steps $steps --repeat $rep
