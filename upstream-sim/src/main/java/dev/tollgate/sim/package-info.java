/**
 * A stand-alone fake of the Anthropic API, so that Tollgate can be tested, benchmarked and demonstrated
 * without the network and without spending tokens.
 *
 * <p>It reproduces what the proxy must cope with (see {@code shared/design/anthropic-api.md}): the
 * Messages API with and without SSE streaming, token counting, the model list, the OAuth token
 * endpoint, the error shapes and the response headers of the real service. Tests script the next
 * answers ({@link dev.tollgate.sim.Scenario}) either in-process or through {@code x-sim-*} request
 * headers that the proxy forwards untouched, and read back what reached the upstream
 * ({@link dev.tollgate.sim.RecordedRequest}).
 *
 * <p>The public surface is {@link dev.tollgate.sim.UpstreamSimulator}, {@link dev.tollgate.sim.Scenario}
 * and {@link dev.tollgate.sim.RecordedRequest}; everything else is package-private wiring.
 */
package dev.tollgate.sim;
