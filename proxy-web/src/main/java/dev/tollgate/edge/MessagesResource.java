package dev.tollgate.edge;

import dev.tollgate.openai.boundary.ChatCompletions;
import dev.tollgate.relay.boundary.MessageRelay;
import dev.tollgate.relay.control.StreamThreads;
import dev.tollgate.relay.entity.ClientRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** The Messages API and its neighbours, relayed to the Claude API. */
@Path("v1")
@RequestScoped
public class MessagesResource {

    @Inject
    MessageRelay relay;

    @Inject
    ChatCompletions completions;

    @Inject
    StreamThreads streamThreads;

    @Context
    HttpServletRequest servletRequest;

    // suspended: a streamed answer is relayed on a thread of its own (RelayResponses.resume)
    @POST
    @Path("messages")
    public void createMessage(@Suspended AsyncResponse response) {
        RelayResponses.resume(
                response, () -> relay(ClientRequests.of(servletRequest, "/v1/messages", true)), streamThreads);
    }

    @POST
    @Path("messages/count_tokens")
    public Response countTokens() {
        return relay(ClientRequests.of(servletRequest, "/v1/messages/count_tokens", true));
    }

    /** The Chat Completions path some OpenAI clients are configured with (base URL without /openai). */
    @POST
    @Path("chat/completions")
    public void createChatCompletion(@Suspended AsyncResponse response) {
        RelayResponses.resume(
                response,
                () -> OpenAiResource.chatCompletion(
                        completions, ClientRequests.of(servletRequest, OpenAiResource.ALIAS, true)),
                streamThreads);
    }

    @GET
    @Path("models")
    public Response listModels() {
        return relay(ClientRequests.of(servletRequest, "/v1/models", false));
    }

    private Response relay(ClientRequest request) {
        return RelayResponses.toResponse(relay.relay(request), request.requestId());
    }
}
