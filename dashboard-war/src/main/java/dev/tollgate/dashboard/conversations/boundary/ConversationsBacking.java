package dev.tollgate.dashboard.conversations.boundary;

import dev.tollgate.dashboard.conversations.control.TreeLayout;
import dev.tollgate.dashboard.conversations.entity.ConversationSummary;
import dev.tollgate.dashboard.conversations.entity.ConversationTree;
import dev.tollgate.dashboard.conversations.entity.Turn;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The conversations list, and one conversation ({@code conversation.xhtml?id=...}). */
@Named
@RequestScoped
public class ConversationsBacking {

    @Inject
    ConversationQueries queries;

    private String id;
    private List<ConversationSummary> recent;
    private List<Turn> turns;
    private ConversationTree tree;

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

    public ConversationTree getTree() {
        if (tree == null) {
            // the rows' ids are lower case; the address may not be
            tree = getTurns().isEmpty()
                    ? ConversationTree.EMPTY
                    : TreeLayout.layout(UUID.fromString(id.trim()).toString(), getTurns());
        }
        return tree;
    }

    /** The list is cut at {@link ConversationQueries#MAX_TURNS}: the page says so. */
    public boolean isTruncated() {
        return getTurns().size() >= ConversationQueries.MAX_TURNS;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }
}
