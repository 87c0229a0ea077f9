/**
 * Several Tollgate instances on one data grid: Payara's Domain Data Grid (Hazelcast), joined when
 * {@code TOLLGATE_CLUSTER_MEMBERS} is set (ADR 0013). Alone, nothing here touches the grid.
 */
package dev.tollgate.cluster;
