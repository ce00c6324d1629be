/**
 * The HTTP server and cluster cells of issue 9 ({@code bench/server-http.sh}, {@code bench/cluster.sh}):
 * a plain-socket keep-alive client that submits to running servers and learns from their event
 * streams when the jobs are DONE. Only the HTTP API is used, so the figures hold for any server build.
 */
package io.factotum.bench.server;
