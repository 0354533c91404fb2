/**
 * What the default run starts by itself so that it needs nothing but a JDK: an embedded PostgreSQL (run as an
 * unprivileged user when the JVM runs as root, since PostgreSQL refuses root) and an in-process Kafka broker, both
 * keeping their data under {@code journey.data-dir}. See {@code README.md} and {@code docs/kafka.md}.
 */
package org.journeyledger.journey.embedded;
