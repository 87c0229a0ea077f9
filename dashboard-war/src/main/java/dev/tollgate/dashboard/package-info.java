/**
 * The dashboard application: Faces views over the journal tables, deployed on its own at
 * {@code /dashboard} so it can run on a separate instance behind corporate SSO.
 */
package dev.tollgate.dashboard;
