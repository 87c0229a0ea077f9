package dev.tollgate.edge;

import dev.tollgate.messages.entity.Header;
import dev.tollgate.openai.boundary.ChatCompletions;
import dev.tollgate.openai.boundary.OpenAiAnswer;
import dev.tollgate.openai.control.ChatResponseTranslator;
import dev.tollgate.openai.entity.OpenAiRequestException;
import dev.tollgate.relay.control.StreamThreads;
import dev.tollgate.relay.entity.ClientRequest;
import dev.tollgate.relay.entity.RelayException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/**
 * The OpenAI-compatible API at {@code /openai/v1} (the base URL OpenAI clients are given);
 * {@code /v1/chat/completions} is served by {@link MessagesResource} through {@link #chatCompletion}.
 * Every answer, Tollgate's own errors included, is in OpenAI's shapes. One instance for all
 * requests, as {@link MessagesResource}.
 */
@Path("openai/v1")
@ApplicationScoped
public class OpenAiResource {

    /** Chat Completions under the native prefix, for clients whose base URL lacks {@code /openai}. */
    static final String ALIAS = "/v1/chat/completions";

    @Inject
    ChatCompletions completions;

    @Inject
    StreamThreads streamThreads;

    // suspended: a streamed answer is relayed on a thread of its own (RelayResponses.resume)
    @POST
    @Path("chat/completions")
    public void createChatCompletion(@Context HttpServletRequest servletRequest, @Suspended AsyncResponse response) {
        RelayResponses.resume(
                response,
                () -> chatCompletion(
                        completions, ClientRequests.of(servletRequest, "/openai/v1/chat/completions", true)),
                streamThreads);
    }

    @GET
    @Path("models")
    public Response listModels(@Context HttpServletRequest servletRequest) {
        ClientRequest request = ClientRequests.of(servletRequest, "/openai/v1/models", false);
        try {
            return answer(completions.models(request), request);
        } catch (RelayException refused) {
            return error(refused, request);
        }
    }

    @GET
    @Path("models/{model}")
    public Response retrieveModel(@Context HttpServletRequest servletRequest, @PathParam("model") String model) {
        ClientRequest request = ClientRequests.of(servletRequest, "/openai/v1/models/" + model, false);
        try {
            return answer(completions.model(request, model), request);
        } catch (RelayException refused) {
            return error(refused, request);
        }
    }

    /**
     * True for the paths whose clients speak OpenAI's API, so that every answer there, Tollgate's
     * own errors included, is in OpenAI's shapes.
     */
    static boolean servesOpenAiClients(String path) {
        return path.startsWith("/openai/") || path.equals(ALIAS) || path.startsWith(ALIAS + "/");
    }

    private static Response answer(ChatCompletions.ModelAnswer answer, ClientRequest request) {
        return json(answer.status(), answer.json(), request);
    }

    static Response chatCompletion(ChatCompletions completions, ClientRequest request) {
        OpenAiAnswer answer;
        try {
            answer = completions.complete(request);
        } catch (OpenAiRequestException unmappable) {
            return json(
                    400,
                    ChatResponseTranslator.error(unmappable.getMessage(), "invalid_request_error", unmappable.param()),
                    request);
        } catch (RelayException refused) {
            return error(refused, request);
        }
        Response.ResponseBuilder response = Response.status(answer.status()).type(answer.contentType());
        for (Header header : answer.headers()) {
            response.header(header.name(), header.value());
        }
        response.header(RelayResponses.REQUEST_ID_HEADER, request.requestId().toString());
        if (answer.isEventStream()) {
            response.header("x-accel-buffering", "no");
            response.entity(RelayResponses.eventStream(answer::writeTo));
        } else {
            response.header("content-length", answer.body().length).entity(answer.body());
        }
        return response.build();
    }

    private static Response error(RelayException refused, ClientRequest request) {
        Response.ResponseBuilder response = jsonResponse(
                refused.status(), ChatResponseTranslator.error(refused.errorBody(), refused.status()), request);
        // retry-after of a quota: OpenAI's clients back off on it as Anthropic's do
        refused.headers().forEach(header -> response.header(header.name(), header.value()));
        return response.build();
    }

    private static Response json(int status, String json, ClientRequest request) {
        return jsonResponse(status, json, request).build();
    }

    private static Response.ResponseBuilder jsonResponse(int status, String json, ClientRequest request) {
        return Response.status(status)
                .type("application/json")
                .header(RelayResponses.REQUEST_ID_HEADER, request.requestId().toString())
                .entity(json);
    }
}
