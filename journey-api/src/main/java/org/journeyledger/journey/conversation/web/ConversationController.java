package org.journeyledger.journey.conversation.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.journeyledger.journey.context.ConversationView;
import org.journeyledger.journey.context.CustomerContext;
import org.journeyledger.journey.context.CustomerContextStore;
import org.journeyledger.journey.context.FactView;
import org.journeyledger.journey.context.IssueView;
import org.journeyledger.journey.context.PromiseView;
import org.journeyledger.journey.identity.IdentifierOwners;
import org.journeyledger.journey.problem.NotFoundException;
import org.journeyledger.journey.timeline.TimelineEntry;
import org.journeyledger.journey.timeline.TimelineQuery;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Resuming a conversation from any channel: everything the next channel (the mobile app, the store, the web) needs
 * to pick it up without asking the customer again.
 */
@RestController
@RequestMapping(path = "/api/customers/{customerId}/conversations", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Conversations", description = "Resume a conversation begun in another channel")
class ConversationController {

    private final IdentifierOwners owners;
    private final CustomerContextStore contexts;
    private final TimelineQuery timeline;

    ConversationController(IdentifierOwners owners, CustomerContextStore contexts, TimelineQuery timeline) {
        this.owners = owners;
        this.contexts = contexts;
        this.timeline = timeline;
    }

    /**
     * A conversation as a channel resumes it.
     *
     * @param channels  the channels it passed through, in order
     * @param messages  its interactions, oldest first, each marked with {@code handoverFrom} when it changed channel
     * @param facts     everything the customer has told us, in any conversation, with where and when
     * @param issues    the issues raised in this conversation
     * @param promises  the promises made in this conversation
     */
    record Resume(String customerId, String conversationId, String status, Instant startedAt, List<String> channels,
                  ConversationView.Message lastMessage, List<TimelineEntry> messages, Collection<FactView> facts,
                  List<IssueView> issues, List<PromiseView> promises, Instant closedAt, String resolution) {
    }

    @GetMapping("/{conversationId}")
    @Operation(summary = "Resume a conversation: status, channels so far, messages, facts, its issues and promises")
    Resume resume(@PathVariable String customerId, @PathVariable String conversationId) {
        owners.requireKnownCustomer(customerId);
        CustomerContext context = contexts.find(customerId).orElseGet(() -> CustomerContext.empty(customerId));
        ConversationView conversation = context.conversations.get(conversationId);
        if (conversation == null) {
            throw new NotFoundException("Customer " + customerId + " has no conversation '" + conversationId + "'");
        }
        List<TimelineEntry> messages = timeline.conversation(customerId, conversationId).stream()
                .filter(entry -> "interaction".equals(entry.type()))
                .toList();
        List<IssueView> issues = conversation.issueIds.stream().map(context.issues::get).toList();
        List<PromiseView> promises = conversation.promiseIds.stream().map(context.promises::get).toList();
        return new Resume(customerId, conversationId, conversation.status, conversation.startedAt,
                conversation.channels, conversation.lastMessage, messages, context.facts.values(), issues, promises,
                conversation.closedAt, conversation.resolution);
    }
}
