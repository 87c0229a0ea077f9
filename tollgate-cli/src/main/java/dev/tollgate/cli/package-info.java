/** The {@code ./tollgate} command line: {@code run} and the operator tools. */
package dev.tollgate.cli;
