/**
 * Factotum's webhooks (spec section 5): the job and run references, the exact {@code job_update} /
 * {@code task_update} JSON payloads, and their in-order, retried delivery on a thread of its own so
 * that execution never waits for HTTP.
 *
 * <p>Wiring for a run: {@link io.factotum.webhook.WebhookUrl#check} the URL (at start-up, for the
 * error message), create a {@link io.factotum.webhook.WebhookContext},
 * {@link io.factotum.webhook.WebhookDispatcher#start(java.net.URI)} a dispatcher on
 * {@link io.factotum.webhook.WebhookUrl#toUri}{@code (url)}, pass a
 * {@link io.factotum.webhook.WebhookListener} to the engine, and at the end call
 * {@link io.factotum.webhook.WebhookDispatcher#awaitCompletion()} then
 * {@link io.factotum.webhook.WebhookDispatcher#close()}.
 */
package io.factotum.webhook;
