/**
 * What a request cost: a per-model price table in USD per million tokens, shipped with Tollgate
 * and overridable by a file of the operator's, and the cost of one response's usage under it. A
 * model the table does not know stays unpriced: a cost is never guessed.
 */
package dev.tollgate.usage;
