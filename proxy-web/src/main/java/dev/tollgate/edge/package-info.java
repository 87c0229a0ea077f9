/**
 * The HTTP edge of the proxy: JAX-RS resources that turn a client's request into a
 * {@link dev.tollgate.relay.entity.ClientRequest}, call the relay, and write its answer back.
 */
package dev.tollgate.edge;
