#!/usr/bin/env bash
# Plots bench/curve.sh's data file with gnuplot (Debian's gnuplot-nox): throughput and p99 against connections,
# log x axis, pgbench and every build and replica count as lines. bench/curve.sh runs it; run it again to redraw:
# bench/plot-curve.sh <curve.dat> <out.png> "<apps>" "<replica counts>"   e.g. ... "jvm native" "1 2"
set -euo pipefail
dat=$1 png=$2 apps=$3 replicas=$4
lines() { # $1 = 0 for throughput, 1 for p99: the data file's columns, pgbench first, then each build and count
  local col=$((4 + $1)) out="'$dat' using 1:$((2 + $1)) with linespoints lw 2 dt 2 title 'pgbench INSERT ... ON CONFLICT'" app n
  for app in $apps; do
    for n in $replicas; do
      out+=", '' using 1:$col with linespoints lw 2 title '$app$( ((n > 1)) && echo ", $n replicas")'"
      col=$((col + 2))
    done
  done
  echo "$out"
}
gnuplot <<GP
set terminal pngcairo size 1200,560 font ",10"
set output '$png'
set datafile missing '-'
set multiplot layout 1,2 title "aftersale: hotel cancel-order callbacks against pgbench's single-row INSERT ($(date +%F), $(nproc) cores, one PostgreSQL 15)"
set logscale x 2
set xtics (1, 8, 32, 128, 512)
set xlabel 'connections (pgbench: clients)'
set grid
set key below horizontal maxcols 3 font ",9"
set xrange [0.8:700]
set title 'throughput'
set ylabel 'callbacks (pgbench: transactions) per second'
set yrange [0:*]
plot $(lines 0)
set title 'p99 latency'
set ylabel 'ms (log)'
set logscale y 10
set yrange [*:*]
plot $(lines 1)
unset multiplot
GP
