/**
 * The only Guice code of the project. {@link io.factotum.server.guice.ServerModules} is the one
 * place that picks the variants (storage backend, scheduler, in-process or external runs); each
 * variant is a module of its own, and no module starts anything while it is configured.
 */
package io.factotum.server.guice;
