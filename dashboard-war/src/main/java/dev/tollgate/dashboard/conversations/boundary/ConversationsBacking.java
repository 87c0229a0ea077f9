package dev.tollgate.dashboard.conversations.boundary;

import dev.tollgate.dashboard.conversations.entity.ConversationSummary;
import dev.tollgate.dashboard.conversations.entity.Turn;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The conversations list, and one conversation ({@code conversation.xhtml?id=...}). */
@Named
@RequestScoped
public class ConversationsBacking {

    @Inject
    ConversationQueries queries;

    private String id;
    private List<ConversationSummary> recent;
    private List<Turn> turns;

    public List<ConversationSummary> getRecent() {
        if (recent == null) {
            recent = queries.since(Instant.now().minus(Duration.ofDays(7)));
        }
        return recent;
    }

    public List<Turn> getTurns() {
        if (turns == null) {
            turns = queries.turns(id);
        }
        return turns;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }
}
