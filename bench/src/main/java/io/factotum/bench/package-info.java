/**
 * Benchmark harnesses (issue 9). Each harness prints its figure, the baseline measured in the same
 * run and their ratio; the scripts in {@code bench/} run them. Nothing here is run by the tests.
 */
package io.factotum.bench;
