package org.journeyledger.journey.transaction;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailuresTest {

    @Test
    void theDatabaseOrTheBrokerAwayIsTransient() {
        assertThat(TransientFailures.isTransient(new CannotGetJdbcConnectionException("no connection"))).isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(new SQLException("gone", "08006")))).isTrue();
        assertThat(TransientFailures.isTransient(new IllegalStateException("send failed",
                new TimeoutException("no broker")))).isTrue();
    }

    @Test
    void aLockTimeoutASchemaMidMigrationAndAFailOverAreTransient() {
        assertThat(TransientFailures.isTransient(sql("55P03"))).isTrue();
        assertThat(TransientFailures.isTransient(sql("57014"))).isTrue();
        assertThat(TransientFailures.isTransient(sql("42P01"))).isTrue();
        assertThat(TransientFailures.isTransient(sql("25006"))).isTrue();
        assertThat(TransientFailures.isTransient(sql("40001"))).isTrue();
    }

    @Test
    void whatTheRecordsOwnDataCausesIsNotTransient() {
        assertThat(TransientFailures.isTransient(sql("22021"))).isFalse();
        assertThat(TransientFailures.isTransient(sql("P0001"))).isFalse();
        assertThat(TransientFailures.isTransient(new DataIntegrityViolationException("null value",
                new SQLException("null value", "23502")))).isFalse();
        assertThat(TransientFailures.isTransient(new NullPointerException("a bug"))).isFalse();
    }

    private static RuntimeException sql(String state) {
        return new UncategorizedSQLException("insert", "INSERT …", new SQLException("failed", state));
    }
}
