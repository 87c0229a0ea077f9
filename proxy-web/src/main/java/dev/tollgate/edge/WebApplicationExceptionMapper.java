package dev.tollgate.edge;

import dev.tollgate.messages.control.ErrorBody;
import dev.tollgate.openai.control.ChatResponseTranslator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Unknown paths and wrong methods answer in the Anthropic error shape too (OpenAI's under the
 * OpenAI-compatible paths), so that SDKs show a readable message instead of failing to parse an
 * HTML error page.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        boolean openAi = OpenAiResource.servesOpenAiClients(
                request.getRequestURI().substring(request.getContextPath().length()));
        String message =
                switch (status) {
                    case 404 ->
                        openAi
                                ? "Not found: Tollgate's OpenAI-compatible API serves /openai/v1/chat/completions,"
                                        + " /openai/v1/models and /openai/v1/models/{model}."
                                : "Not found: Tollgate serves /v1/messages, /v1/messages/count_tokens and /v1/models.";
                    case 405 -> "Method not allowed on this path.";
                    default -> exception.getMessage();
                };
        String type = ErrorBody.typeFor(status);
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(
                        openAi
                                ? ChatResponseTranslator.error(message, type, null)
                                : ErrorBody.render(type, message, null))
                .build();
    }
}
