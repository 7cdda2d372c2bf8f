/**
 * Messaging: the embedded Artemis broker (durable, and every dead-letter address with a queue) and
 * the broker's dead-letter queues as the admins see them.
 */
package ir.meganaft.ragateway.messaging;
