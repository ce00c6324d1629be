/** Helpers of the CLI cells of issue 9 ({@code bench/cli.sh}): the JVM floor for {@code validate}. */
package io.factotum.bench.cli;
