/**
 * The embedded cells of issue 9: Factotum embedded (RocksDB and memory store) against Quartz,
 * db-scheduler and JobRunr in one JVM, with the floors (a plain executor, {@code xargs -P}) measured
 * in the same run. {@link io.factotum.bench.embedded.EmbeddedBench} is the entry point; the scripts
 * {@code bench/embedded-burst.sh} and {@code bench/embedded-idle.sh} run it.
 */
package io.factotum.bench.embedded;
