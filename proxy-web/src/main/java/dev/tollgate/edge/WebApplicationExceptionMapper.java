package dev.tollgate.edge;

import dev.tollgate.messages.control.ErrorBody;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Unknown paths and wrong methods answer in the Anthropic error shape too, so that SDKs show a
 * readable message instead of failing to parse an HTML error page.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        String message =
                switch (status) {
                    case 404 -> "Not found: Tollgate serves /v1/messages, /v1/messages/count_tokens and /v1/models.";
                    case 405 -> "Method not allowed on this path.";
                    default -> exception.getMessage();
                };
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.render(ErrorBody.typeFor(status), message, null))
                .build();
    }
}
