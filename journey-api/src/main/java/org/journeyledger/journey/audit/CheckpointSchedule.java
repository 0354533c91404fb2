package org.journeyledger.journey.audit;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.journeyledger.journey.config.JourneyProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Takes a ledger checkpoint every {@code journey.audit.checkpoint-interval}, as a db-scheduler recurring task so
 * that in a cluster one node takes it, and a missed run is made up after a restart.
 */
@Configuration(proxyBeanMethods = false)
class CheckpointSchedule {

    @Bean
    Task<Void> ledgerCheckpointTask(Checkpoints checkpoints, JourneyProperties properties) {
        return Tasks.recurring("ledger-checkpoint", FixedDelay.of(properties.audit().checkpointInterval()))
                .execute((instance, context) -> checkpoints.take());
    }
}
