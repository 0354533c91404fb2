package org.journeyledger.journey.promise;

import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * The db-scheduler task that runs Axon deadlines (a promise's due time), as Axon's Spring Boot support defines it but
 * with a prompt retry. A due promise breaks by appending to the customer's stream; when another writer appends to
 * that customer at the same moment, the append loses the race and the deadline fails. db-scheduler's default for a
 * failed one-time task is to try again five minutes later, so the promise would show as open for five minutes after
 * it broke. It is tried again after one second instead, backing off by half each time while the failure lasts (a
 * database that is down).
 */
@Configuration(proxyBeanMethods = false)
class DeadlineTaskConfiguration {

    @Bean
    @Qualifier("deadlineDetailsTask")
    Task<DbSchedulerBinaryDeadlineDetails> deadlineDetailsTask(ApplicationContext context) {
        Task<DbSchedulerBinaryDeadlineDetails> axon = DbSchedulerDeadlineManager.binaryTask(
                () -> context.getBean(DbSchedulerDeadlineManager.class));
        return new OneTimeTask<>(axon.getName(), DbSchedulerBinaryDeadlineDetails.class,
                new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 1.5),
                new DeadExecutionHandler.ReviveDeadExecution<>()) {
            @Override
            public void executeOnce(TaskInstance<DbSchedulerBinaryDeadlineDetails> instance,
                                    ExecutionContext execution) {
                axon.execute(instance, execution);
            }
        };
    }
}
