/**
 * What the default run starts by itself so that it needs nothing but a JDK: an embedded PostgreSQL (run as an
 * unprivileged user when the JVM runs as root, since PostgreSQL refuses root). See {@code README.md}.
 */
package org.journeyledger.journey.embedded;
