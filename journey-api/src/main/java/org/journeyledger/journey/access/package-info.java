/**
 * The access log: every read of a customer's context, timeline, stream, conversation, export and as-of view, and
 * every erasure and unmerge, recorded append-only and queryable by auditors. See {@code docs/security.md}.
 */
package org.journeyledger.journey.access;
