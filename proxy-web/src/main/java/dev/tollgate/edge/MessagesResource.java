package dev.tollgate.edge;

import dev.tollgate.openai.boundary.ChatCompletions;
import dev.tollgate.relay.boundary.MessageRelay;
import dev.tollgate.relay.control.StreamThreads;
import dev.tollgate.relay.entity.ClientRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/**
 * The Messages API and its neighbours, relayed to the Claude API. One instance for all requests:
 * the servlet request comes as a parameter, so no bean is created and injected per request (a
 * request-scoped resource cost ~8 % of a request thread's CPU in Weld and HK2; docs/performance.md).
 */
@Path("v1")
@ApplicationScoped
public class MessagesResource {

    @Inject
    MessageRelay relay;

    @Inject
    ChatCompletions completions;

    @Inject
    StreamThreads streamThreads;

    // suspended: a streamed answer is relayed on a thread of its own (RelayResponses.resume)
    @POST
    @Path("messages")
    public void createMessage(@Context HttpServletRequest servletRequest, @Suspended AsyncResponse response) {
        RelayResponses.resume(
                response, () -> relay(ClientRequests.of(servletRequest, "/v1/messages", true)), streamThreads);
    }

    @POST
    @Path("messages/count_tokens")
    public Response countTokens(@Context HttpServletRequest servletRequest) {
        return relay(ClientRequests.of(servletRequest, "/v1/messages/count_tokens", true));
    }

    /** The Chat Completions path some OpenAI clients are configured with (base URL without /openai). */
    @POST
    @Path("chat/completions")
    public void createChatCompletion(@Context HttpServletRequest servletRequest, @Suspended AsyncResponse response) {
        RelayResponses.resume(
                response,
                () -> OpenAiResource.chatCompletion(
                        completions, ClientRequests.of(servletRequest, OpenAiResource.ALIAS, true)),
                streamThreads);
    }

    @GET
    @Path("models")
    public Response listModels(@Context HttpServletRequest servletRequest) {
        return relay(ClientRequests.of(servletRequest, "/v1/models", false));
    }

    private Response relay(ClientRequest request) {
        return RelayResponses.toResponse(relay.relay(request), request.requestId());
    }
}
