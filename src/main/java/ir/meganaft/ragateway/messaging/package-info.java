/** Messaging: the embedded Artemis broker and the JMS connection factory the routes use. */
package ir.meganaft.ragateway.messaging;
