/**
 * Monitoring: MicroProfile Health checks (liveness, readiness) and Prometheus metrics through
 * MicroProfile Metrics, and the structured request log. Everything here observes the events the
 * journal, the token service and the quotas fire, or reads state they keep in memory: the request
 * path pays nothing for it.
 */
package dev.tollgate.monitoring;
