/**
 * The HTTP layer on Undertow: one route table ({@link io.factotum.server.http.ServerRoutes}, served by
 * {@link io.factotum.server.http.Routes}), one small class per endpoint, the original's body rules
 * and serde_json texts ({@link io.factotum.server.http.RequestBodies},
 * {@link io.factotum.server.http.SerdeJsonReader}, {@link io.factotum.server.http.SerdeJsonWriter}),
 * and the bearer-token check. Endpoints see only {@link io.factotum.server.JobService}.
 */
package io.factotum.server.http;
