/**
 * How the API refuses: RFC 9457 problem documents with stable types, field-level errors and body size limits.
 * The problem types are listed in {@code docs/api.md}.
 */
package org.journeyledger.journey.problem;
