#!/bin/bash
# usage: rounds.sh A B ROUNDS STEPS REPEAT: ROUNDS pairs of JVMs (A and B at the same time), median over all runs
a=$1; b=$2; rounds=$3; steps=$4; rep=$5
out=${EP:-/tmp/ep}/runs/rounds-$a-vs-$b-$(date -u +%H%M%S); mkdir -p $out
for r in $(seq 1 $rounds); do
  ${EP:-/tmp/ep}/probe.sh ${EP:-/tmp/ep}/$a $steps $rep > $out/$a-$r.log 2>&1 &
  p1=$!
  ${EP:-/tmp/ep}/probe.sh ${EP:-/tmp/ep}/$b $steps $rep > $out/$b-$r.log 2>&1 &
  p2=$!
  wait $p1 $p2
done
python3 - $out $a $b $rounds <<'PY'
import sys,re,statistics,glob
out,a,b,rounds=sys.argv[1:]
for n in (a,b):
    allv=[]; meds=[]; sc=set()
    for r in range(1,int(rounds)+1):
        t=open(f'{out}/{n}-{r}.log').read()
        v=[int(x.replace(',','')) for x in re.findall(r'([\d,]+) per CPU s',t)]
        sc|=set(re.findall(r'per CPU s, score (\S+),',t))
        allv+=v; meds.append(statistics.median(v))
    print(f"{n}: median of all {statistics.median(allv):.0f}, per-JVM medians {[round(m) for m in meds]}, scores {sc}")
PY
echo "logs: $out"; tail -1 $out/$a-$rounds.log | grep -o 'load.*'
