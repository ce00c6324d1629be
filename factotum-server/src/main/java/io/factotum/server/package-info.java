/**
 * Factotum Server on the JVM: {@link io.factotum.server.FactotumServerMain} reads the flags
 * ({@link io.factotum.server.ServerCommandLine}, JCommander) into a {@link io.factotum.server.ServerConfig},
 * wires one Guice injector ({@code server.guice}) and runs a {@link io.factotum.server.FactotumServer}:
 * the HTTP API ({@code server.http}) over a {@link io.factotum.server.JobService}, implemented on
 * the scheduler library ({@code io.factotum.Factotum}) by {@link io.factotum.server.FactotumJobService}.
 */
package io.factotum.server;
