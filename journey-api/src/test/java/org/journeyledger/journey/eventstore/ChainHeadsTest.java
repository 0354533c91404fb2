package org.journeyledger.journey.eventstore;

import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An append chains from the head hash this node holds for the stream only if that head was committed: an event
 * appended in a transaction that rolled back (a lost race with another node, a refused item of a group) never
 * existed, and another writer's event with its sequence number has another hash. Across two nodes, {@code
 * TwoNodesTest} verifies every chain.
 */
class ChainHeadsTest extends LedgerIntegrationTest {

    @Autowired
    private PlatformTransactionManager transactionManager;

    @Test
    void onlyHeadsOfCommittedTransactionsAreHeld() {
        ChainHeads heads = new ChainHeads(100);
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);

        transaction.executeWithoutResult(status -> {
            heads.afterCommit(Map.of("stream-a", new ChainHeads.Head(4, "rolled-back")));
            assertThat(heads.hashOf("stream-a", 4)).as("before the commit").isNull();
            status.setRollbackOnly();
        });
        assertThat(heads.hashOf("stream-a", 4)).as("after a rollback").isNull();

        transaction.executeWithoutResult(status ->
                heads.afterCommit(Map.of("stream-a", new ChainHeads.Head(4, "committed"))));
        assertThat(heads.hashOf("stream-a", 4)).isEqualTo("committed");
        assertThat(heads.hashOf("stream-a", 5)).as("another sequence number").isNull();

        heads.afterCommit(Map.of("stream-b", new ChainHeads.Head(0, "no transaction")));
        assertThat(heads.hashOf("stream-b", 0)).as("outside a transaction").isNull();
    }
}
