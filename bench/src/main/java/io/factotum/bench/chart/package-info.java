/** Charts of the harnesses' results ({@code bench/chart.sh}). */
package io.factotum.bench.chart;
