package dev.tollgate.dashboard.requests.boundary;

import dev.tollgate.dashboard.requests.control.ConversationRendering;
import dev.tollgate.dashboard.requests.entity.RenderedMessage;
import dev.tollgate.dashboard.requests.entity.RequestDetail;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** The page of one request ({@code request.xhtml?id=...}); an unknown or malformed id shows "not found". */
@Named
@RequestScoped
public class RequestBacking {

    @Inject
    RequestQueries queries;

    private String id;
    private RequestDetail detail;
    private boolean loaded;
    private List<RenderedMessage> conversation;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    /** The request's system prompt, messages and answer, block by block; empty without a detail. */
    public List<RenderedMessage> getConversation() {
        if (conversation == null) {
            conversation = getDetail() == null
                    ? List.of()
                    : ConversationRendering.render(detail.requestBody(), detail.responseBody());
        }
        return conversation;
    }

    public RequestDetail getDetail() {
        if (!loaded) {
            detail = queries.detail(id).orElse(null);
            loaded = true;
        }
        return detail;
    }
}
